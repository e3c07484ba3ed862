using System.Text;
using System.Text.Json;
using PidGpu.Estimate;
using PidGpu.Formats;

namespace PidGpu.Report;

/// <summary>
/// Serialises a decomposition as
/// <c>{"input": {...}, "device": "...", "units": "bits", "measures": {"imin": {...}, "mmi": {...}, "broja": {...}}}</c>
/// with only the measures that were computed. Doubles are written in the shortest round-trippable form.
/// </summary>
public static class DecompositionJson
{
    public static string Serialize(InputDescription input, string device, DiscreteDecomposition result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteInput(w, input);
            w.WriteString("device", device);
            w.WriteString("units", "bits");
            WriteMeasures(w, result);
            Number(w, "solve_seconds", result.SolveSeconds);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// A batch: <c>{"input": {...}, "device", "units", "problems": [{"measures": {...}, "solve_seconds": t}, ...],
    /// "solve_seconds": total}</c>, problems in input order; the total is the batch's wall time.
    /// </summary>
    public static string SerializeBatch(InputDescription input, string device, IReadOnlyList<DiscreteDecomposition> results, double totalSeconds)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteInput(w, input);
            w.WriteNumber("problem_count", results.Count);
            w.WriteString("device", device);
            w.WriteString("units", "bits");
            w.WriteStartArray("problems");
            foreach (var r in results)
            {
                w.WriteStartObject();
                WriteMeasures(w, r);
                Number(w, "solve_seconds", r.SolveSeconds);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Number(w, "solve_seconds", totalSeconds);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    static void WriteMeasures(Utf8JsonWriter w, DiscreteDecomposition result)
    {
        w.WriteStartObject("measures");
        if (result.IMin is { } imin) WriteAtoms(w, PidMeasures.IMin.Name, imin);
        if (result.Mmi is { } mmi) WriteAtoms(w, PidMeasures.Mmi.Name, mmi);
        if (result.Broja is { } broja) WriteAtoms(w, PidMeasures.Broja.Name, broja);
        w.WriteEndObject();
    }

    static void WriteInput(Utf8JsonWriter w, InputDescription input)
    {
        w.WriteStartObject("input");
        w.WriteString("mode", input.Mode);
        w.WriteString("description", input.Description);
        w.WriteNumber("n1", input.N1);
        w.WriteNumber("n2", input.N2);
        w.WriteNumber("ny", input.NY);
        if (input.Samples is int n) w.WriteNumber("samples", n);
        if (input.Bins is int k) w.WriteNumber("bins", k);
        if (input.Binning is string mode) w.WriteString("binning", mode);
        if (input.Codes is { } codes) WriteCodes(w, codes);
        w.WriteEndObject();
    }

    /// <summary><c>"codes": {"x1": [...], "x2": [...], "y": [...]}</c>: the original code behind each table index.</summary>
    static void WriteCodes(Utf8JsonWriter w, IReadOnlyList<long[]> codes)
    {
        w.WriteStartObject("codes");
        string[] names = ["x1", "x2", "y"];
        for (int v = 0; v < names.Length; v++)
        {
            w.WriteStartArray(names[v]);
            foreach (long c in codes[v]) w.WriteNumberValue(c);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>Writes <c>"name": {R, U1, U2, S, I}</c>, plus gap_bits, iterations and converged for certified atoms.</summary>
    public static void WriteAtoms(Utf8JsonWriter w, string name, PidAtoms a)
    {
        w.WriteStartObject(name);
        Number(w, "R", a.R);
        Number(w, "U1", a.U1);
        Number(w, "U2", a.U2);
        Number(w, "S", a.S);
        Number(w, "I", a.I);
        if (a is ICertifiedAtoms c)
        {
            Number(w, "gap_bits", c.GapBits);
            w.WriteNumber("iterations", c.Iterations);
            w.WriteBoolean("converged", c.Converged);
        }
        w.WriteEndObject();
    }

    /// <summary>JSON has no NaN/Infinity; a non-finite atom is an engine bug, so say so instead of writing invalid JSON.</summary>
    static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"the engine returned {name} = {value}; atoms must be finite.");
        w.WriteNumber(name, value);
    }
}
