using System.Globalization;
using System.Text;
using PidGpu.Formats;
using PidGpu.Uncertainty;

namespace PidGpu.Report;

/// <summary>
/// layers.csv: one row per model × task × layer × condition, comma-separated, invariant culture, columns
/// <c>model,task,layer,condition,samples,accuracy,R,U1,U2,S,I,</c> then the bootstrap bounds
/// <c>R_lo,R_hi,U1_lo,U1_hi,U2_lo,U2_hi,S_lo,S_hi,I_lo,I_hi</c> and the shuffled-Y null upper quantiles
/// <c>R_null,U1_null,U2_null,S_null,I_null</c>. Information in bits; layer 0 = embedding output; accuracy a
/// fraction. An empty cell means "not computed" (all bounds of a record are present or none).
/// </summary>
internal static class LayersCsv
{
    static readonly string[] Bounds = ["R_lo", "R_hi", "U1_lo", "U1_hi", "U2_lo", "U2_hi", "S_lo", "S_hi", "I_lo", "I_hi"];
    static readonly string[] Nulls = ["R_null", "U1_null", "U2_null", "S_null", "I_null"];

    /// <summary>The exact header line.</summary>
    public static readonly string Header = string.Join(",",
        new[] { "model", "task", "layer", "condition", "samples", "accuracy", "R", "U1", "U2", "S", "I" }.Concat(Bounds).Concat(Nulls));

    /// <exception cref="PidInputException">An invalid record or an unwritable folder.</exception>
    public static void Write(string path, IReadOnlyList<LayerRecord> records)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            r.Validate($"{path}: record {i}");
            var cells = new List<string>
            {
                r.Model, r.Task, r.Layer.ToString(CultureInfo.InvariantCulture), r.Condition,
                r.Samples.ToString(CultureInfo.InvariantCulture), Num(r.Accuracy),
            };
            cells.AddRange(AtomNames.All.Select(a => Num(r.Get(a))));
            foreach (var atom in AtomNames.All)
            {
                cells.Add(Num(r.Lower is null ? null : LayerRecord.Get(r.Lower, atom)));
                cells.Add(Num(r.Upper is null ? null : LayerRecord.Get(r.Upper, atom)));
            }
            cells.AddRange(AtomNames.All.Select(a => Num(r.NullUpper is null ? null : LayerRecord.Get(r.NullUpper, a))));
            text.AppendJoin(',', cells).Append('\n');
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <exception cref="PidInputException">Missing file, wrong header, or a malformed row (named by line).</exception>
    public static IReadOnlyList<LayerRecord> Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PidInputException($"{path}: cannot read ({ex.Message}).", ex);
        }
        if (lines.Length == 0 || lines[0].Trim() != Header)
            throw new PidInputException(
                $"{path}: header is '{(lines.Length == 0 ? "" : lines[0].Trim())}', expected '{Header}'.");
        int columns = Header.Split(',').Length;
        var records = new List<LayerRecord>();
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0) continue;
            string where = $"{path}: line {n + 1}";
            var f = lines[n].Split(',');
            if (f.Length != columns)
                throw new PidInputException($"{where} has {f.Length} fields, expected {columns} (truncated?).");
            var record = new LayerRecord(f[0], f[1], Int(f[2], "layer", where), f[3],
                Req(f[6], "R", where), Req(f[7], "U1", where), Req(f[8], "U2", where), Req(f[9], "S", where),
                Req(f[10], "I", where), Int(f[4], "samples", where))
            {
                Accuracy = Opt(f[5], "accuracy", where),
                Lower = Bundle(f, [11, 13, 15, 17, 19], "lower bounds", where),
                Upper = Bundle(f, [12, 14, 16, 18, 20], "upper bounds", where),
                NullUpper = Bundle(f, [21, 22, 23, 24, 25], "null quantiles", where),
            };
            record.Validate(where);
            records.Add(record);
        }
        return records;
    }

    static string Num(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    static int Int(string s, string field, string where)
        => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new PidInputException($"{where}: {field} '{s}' is not an integer.");

    static double Req(string s, string field, string where)
        => Opt(s, field, where) ?? throw new PidInputException($"{where}: {field} is empty.");

    static double? Opt(string s, string field, string where)
    {
        if (s.Length == 0) return null;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v : throw new PidInputException($"{where}: {field} '{s}' is not a number.");
    }

    static AtomValues? Bundle(string[] f, int[] at, string what, string where)
    {
        int present = at.Count(i => f[i].Length > 0);
        if (present == 0) return null;
        if (present != at.Length)
            throw new PidInputException($"{where}: {what} are given for some atoms but not all.");
        var v = at.Select(i => Req(f[i], what, where)).ToArray();
        return new AtomValues(v[0], v[1], v[2], v[3], v[4]);
    }
}
