using System.Text;
using System.Text.Json;
using PidGpu.Pipeline;
using PidGpu.Runs;
using PidGpu.Uncertainty;
using PidGpu.Formats;
using PidGpu.Gaussianize;
using PidGpu.Estimate;

namespace PidGpu.Report;

/// <summary>
/// The PID Flow result file: the same <c>{"input", "settings", "device", "units", "measures"}</c> shape as the other
/// decompose results, with the pipeline's record (PCA, Gaussianization, rows) and, per measure, bootstrap and null.
/// </summary>
internal static class PidFlowJson
{
    public static string Serialize(MatrixColumns m, GaussianRequest p, string device, PidFlowResult r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("input");
            GaussianResultJson.WriteMatrices(w, m.X1, m.X2, m.Y, m.D1, m.D2, m.DY);
            w.WriteNumber("rows", r.InputRows);
            w.WriteNumber("dropped_rows", r.DroppedRows);
            w.WriteNumber("fit_rows", r.FitRows);
            w.WriteNumber("samples", r.EvaluatedRows);
            w.WriteEndObject();

            w.WriteStartObject("settings");
            w.WriteString("estimator", "gaussian");
            if (p.Pca.IsFraction) w.WriteNumber("pca", p.Pca.VarianceFraction);
            else w.WriteNumber("pca", p.Pca.Components);
            w.WriteString("gaussianize", p.Gaussianize.ToString().ToLowerInvariant());
            if (p.Gaussianize == GaussianizeMethod.Flow)
            {
                w.WriteNumber("flow_steps", p.Flow.Steps);
                w.WriteNumber("flow_blocks", p.Flow.Blocks);
                w.WriteNumber("flow_hidden", p.Flow.Hidden);
            }
            w.WriteNumber("bootstrap", p.Bootstrap);
            w.WriteNumber("permutations", p.Permutations);
            w.WriteNumber("seed", p.Seed);
            w.WriteBoolean("bias_correction", p.BiasCorrection);
            GaussianResultJson.WriteSolverSettings(w, p.Options);
            w.WriteEndObject();
            // The estimate stage: the solves (and resampling), without reading, reduction or Gaussianization.
            w.WriteNumber("solve_seconds", r.Timings.EstimateSeconds);

            w.WriteStartArray("reduction");
            foreach (var v in r.Variables)
            {
                w.WriteStartObject();
                w.WriteString("variable", v.Name);
                w.WriteNumber("input_columns", v.InputColumns);
                w.WriteNumber("columns", v.Columns);
                if (v.Pca is { } pca)
                {
                    w.WriteNumber("explained_variance", pca.ExplainedVarianceRatio);
                    w.WriteStartArray("component_variance");
                    foreach (var c in pca.ComponentVarianceRatios) w.WriteNumberValue(c);
                    w.WriteEndArray();
                    w.WriteString("eigensolver", pca.Eigensolver.Solver);
                    w.WriteNumber("eigensolver_residual", pca.Eigensolver.Residual);
                    w.WriteBoolean("eigensolver_converged", pca.Eigensolver.Converged);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("gaussianization");
            foreach (var g in r.Gaussianization)
            {
                w.WriteStartObject();
                w.WriteString("variable", g.Variable);
                w.WriteString("method", g.Method);
                foreach (var (name, value) in g.Checks)
                    if (double.IsFinite(value)) w.WriteNumber(name, value);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteString("device", device);
            w.WriteString("units", "bits");
            w.WriteStartObject("measures");
            if (r.Mmi is { } mmi) DecompositionJson.WriteAtoms(w, PidMeasures.Mmi.GaussianName!, mmi.Atoms);
            if (r.Gpid is { } gpid) DecompositionJson.WriteAtoms(w, PidMeasures.Broja.GaussianName!, gpid.Atoms);
            w.WriteEndObject();

            w.WriteStartObject("uncertainty");
            WriteUncertainty(w, PidMeasures.Mmi.GaussianName!, r.Mmi);
            WriteUncertainty(w, PidMeasures.Broja.GaussianName!, r.Gpid);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    static void WriteUncertainty(Utf8JsonWriter w, string name, GaussianEstimate? e)
    {
        if (e is null || (e.Bootstrap is null && e.Permutation is null)) return;
        w.WriteStartObject(name);
        if (e.Bootstrap is { } b)
        {
            w.WriteStartObject("bootstrap");
            w.WriteNumber("replicates", b.Replicates);
            w.WriteNumber("lower_quantile", b.LowerQuantile);
            w.WriteNumber("upper_quantile", b.UpperQuantile);
            foreach (var (atom, i) in new[] { ("R", b.R), ("U1", b.U1), ("U2", b.U2), ("S", b.S), ("I", b.I) })
            {
                w.WriteStartObject(atom);
                w.WriteNumber("estimate", i.Estimate);
                w.WriteNumber("lower", i.Lower);
                w.WriteNumber("upper", i.Upper);
                w.WriteNumber("mean", i.Mean);
                w.WriteNumber("standard_error", i.StandardError);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        if (e.Permutation is { } p)
        {
            w.WriteStartObject("permutation");
            w.WriteNumber("permutations", p.Permutations);
            w.WriteNumber("null_quantile", p.NullQuantile);
            Values(w, "null_mean", p.NullMean);
            Values(w, "null_upper", p.NullUpper);
            w.WriteNumber("p_value_I", p.PValueI);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    static void Values(Utf8JsonWriter w, string name, AtomValues a)
    {
        w.WriteStartObject(name);
        w.WriteNumber("R", a.R);
        w.WriteNumber("U1", a.U1);
        w.WriteNumber("U2", a.U2);
        w.WriteNumber("S", a.S);
        w.WriteNumber("I", a.I);
        w.WriteEndObject();
    }
}
