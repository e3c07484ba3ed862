using System.Globalization;
using System.Text;

namespace PidGpu.Report;

/// <summary>The paper's read-offs of a run as printed text (final-layer table, turning points, stage means) and the rules behind them.</summary>
internal static class ReadOffTables
{
    /// <summary>The rules of the read-offs, in words; summary.json keeps them beside the numbers.</summary>
    public static IReadOnlyList<string> Rules { get; } =
    [
        "layer 0 = embedding output, L = last layer (after the final norm), Hugging Face hidden_states order",
        "U_V = U1 (vision-unique), U_L = U2 (language-unique), total = I(Y; X_V, X_L)",
        "final layer: the atoms at layer L; U_L share = U_L / total; U_L/U_V undefined when U_V < 0.001 bits",
        "U_V peak: argmax of U_V over all layers (earliest on ties)",
        "U_L trough: argmin of U_L over layers <= round(2L/3) (earliest on ties)",
        "surge onset: first layer after the trough with U_L >= trough + 0.5 (U_L(L) - trough); none when U_L(L) - trough < 0.001 bits",
        "stages: early = layers 0..round(10L/32), middle = ..round(20L/32), late = the rest (0-10, 11-20, 21-32 at L = 32), means of each atom",
        "knockout: at layer L, dC% = (C_ko - C_intact) / C_intact x 100, null (n/a) when |C_intact| < 0.001 bits; " +
            "Dep = (dU_V% + dS% + dTotal%) / 3, null when one of them is; accuracy before (intact) and after (knockout) over the same questions",
    ];

    /// <summary>One row per series: R, U_V, U_L, S, total (bits), U_L share, U_L / U_V at the last layer.</summary>
    public static string FinalLayer(IReadOnlyList<SeriesSummary> series)
    {
        string[] header = ["model", "task", "condition", "layer", "R", "U_V", "U_L", "S", "total", "U_L share", "U_L/U_V"];
        var rows = series.Select(s => (string[])[
            s.Model, s.Task, s.Condition, Int(s.FinalLayer.Layer), Bits(s.FinalLayer.R), Bits(s.FinalLayer.UV), Bits(s.FinalLayer.UL),
            Bits(s.FinalLayer.S), Bits(s.FinalLayer.Total), Percent(s.FinalLayer.ULShare), s.FinalLayer.ULOverUV.Text("F2")]).ToList();
        return "Final layer (bits):\n" + TextTable.Render(header, rows, leftColumns: 3);
    }

    /// <summary>Per series the U_V peak, U_L trough and surge onset layers, then the stage means of each atom.</summary>
    public static string TurningPointsAndStages(IReadOnlyList<SeriesSummary> series)
    {
        var sb = new StringBuilder("Turning points (layers; rules in summary.json):\n");
        sb.Append(TextTable.Render(["model", "task", "condition", "U_V peak", "U_L trough", "surge onset"],
            series.Select(s => (string[])[s.Model, s.Task, s.Condition, Int(s.VisionPeakLayer), Int(s.LanguageTroughLayer),
                s.SurgeOnsetLayer is int onset ? Int(onset) : $"n/a ({s.SurgeOnsetUndefined})"]).ToList(), leftColumns: 3));
        sb.AppendLine();
        sb.AppendLine("Stage means (bits; early 0..round(10L/32), middle ..round(20L/32), late the rest):");
        sb.Append(TextTable.Render(["model", "task", "condition", "stage", "layers", "R", "U_V", "U_L", "S", "total"],
            series.SelectMany(s => s.Stages.Select(g => (string[])[s.Model, s.Task, s.Condition, g.Stage,
                $"{Int(g.FirstLayer)}-{Int(g.LastLayer)}", Bits(g.R), Bits(g.U1), Bits(g.U2), Bits(g.S), Bits(g.I)])).ToList(), leftColumns: 4));
        return sb.ToString();
    }

    static string Percent(ReadOff share) => share.Value is double v ? (100 * v).ToString("F1", CultureInfo.InvariantCulture) + "%" : share.Text("F1");

    static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    static string Bits(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
