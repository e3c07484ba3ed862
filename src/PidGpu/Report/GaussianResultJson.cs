using System.Text;
using System.Text.Json;
using PidGpu.Estimate;
using PidGpu.Formats;

namespace PidGpu.Report;

/// <summary>
/// The Gaussian result file, shaped like <see cref="Report.DecompositionJson"/>:
/// <c>{"input": {...}, "settings": {...}, "device": "...", "units": "bits", "measures": {"mmi": {...}, "gpid": {...}}}</c>.
/// </summary>
internal static class GaussianResultJson
{
    /// <param name="solveSeconds">Time of the solves alone (no start-up, reading or covariance accumulation).</param>
    public static string Serialize(GaussianInputDescription input, GaussianOptions options, string device, PidAtoms? mmi, GpidAtoms? gpid,
        double solveSeconds)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("input");
            WriteMatrices(w, input.X1, input.X2, input.Y, input.D1, input.D2, input.DY);
            w.WriteString("description", input.Description);
            w.WriteNumber("rows", input.Rows);
            w.WriteNumber("samples", input.Samples);
            w.WriteNumber("dropped_rows", input.DroppedRows);
            w.WriteEndObject();
            w.WriteStartObject("settings");
            w.WriteString("estimator", "gaussian");
            WriteSolverSettings(w, options);
            w.WriteEndObject();
            w.WriteString("device", device);
            w.WriteString("units", "bits");
            w.WriteStartObject("measures");
            if (mmi is not null) DecompositionJson.WriteAtoms(w, PidMeasures.Mmi.GaussianName!, mmi);
            if (gpid is not null) DecompositionJson.WriteAtoms(w, PidMeasures.Broja.GaussianName!, gpid);
            w.WriteEndObject();
            w.WriteNumber("solve_seconds", solveSeconds);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The part of <c>"input"</c> every Gaussian result shares: the three matrices and their widths.</summary>
    public static void WriteMatrices(Utf8JsonWriter w, string x1, string x2, string y, int d1, int d2, int dy)
    {
        w.WriteString("mode", "matrices");
        w.WriteString("estimator", "gaussian");
        w.WriteString("x1", x1);
        w.WriteString("x2", x2);
        w.WriteString("y", y);
        w.WriteNumber("d1", d1);
        w.WriteNumber("d2", d2);
        w.WriteNumber("dy", dy);
    }

    /// <summary>The part of <c>"settings"</c> every Gaussian result shares: the solver's options.</summary>
    public static void WriteSolverSettings(Utf8JsonWriter w, GaussianOptions options)
    {
        w.WriteNumber("ridge", options.Ridge);
        w.WriteNumber("target_gap_bits", options.TargetGapBits);
        w.WriteNumber("max_iterations", options.MaxIterations);
    }
}
