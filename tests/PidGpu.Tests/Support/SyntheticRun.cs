using PidGpu.Report;
using PidGpu.Uncertainty;

namespace PidGpu.Tests.Support;

/// <summary>Hand-built runs with paper-like shapes: U1 peaks early and decays, U2 surges late, S stays small.</summary>
internal static class SyntheticRun
{
    public static readonly string[] Tasks = ["ChooseAttr", "ChooseCat", "QueryAttr"];

    /// <summary>33 layers (0..32) per task; with <paramref name="knockout"/> also a knockout:0-31 series
    /// (more U1, S and I); with <paramref name="bands"/> bootstrap bounds ±10% and a null quantile.</summary>
    public static RunResults Build(string model = "llava-1.6-7b", bool knockout = true, bool bands = true, double scale = 1)
    {
        var records = new List<LayerRecord>();
        for (int t = 0; t < Tasks.Length; t++)
            for (int l = 0; l <= 32; l++)
            {
                records.Add(Record(model, Tasks[t], l, Conditions.Intact, t, scale, bands, 1.0));
                if (knockout) records.Add(Record(model, Tasks[t], l, "knockout:0-31", t, scale, bands, 1.3));
            }
        var settings = new RunSettings(
            new Dictionary<string, string> { ["estimator"] = "gaussian", ["pooling"] = "mean" },
            new Dictionary<string, long> { ["flow"] = 42, ["bootstrap"] = 7 },
            "CPU accelerator (test)",
            new Dictionary<string, string> { ["pidgpu"] = "0.0-test" },
            new Dictionary<string, double> { ["estimate"] = 1.25, ["reduce"] = 0.5 },
            Partial: false);
        return new RunResults(settings, records);
    }

    static LayerRecord Record(string model, string task, int l, string condition, int t, double scale, bool bands, double boost)
    {
        double u1 = scale * boost * (0.2 + 1.5 * Math.Exp(-Math.Pow(l - 1 - t, 2) / 18.0));
        double u2 = scale * (0.3 + 3.0 / (1 + Math.Exp(-(l - 19) / 2.0)) - 0.2 * Math.Exp(-Math.Pow(l - 12, 2) / 8));
        double r = scale * (0.4 + 0.1 * t + 0.02 * l);
        double s = scale * boost * boost * (0.02 + 0.01 * Math.Sin(l / 3.0) + 0.01);
        double i = r + u1 + u2 + s;
        var rec = new LayerRecord(model, task, l, condition, r, u1, u2, s, i, 1000) { Accuracy = boost > 1 ? 0.6 : 0.8 };
        if (!bands) return rec;
        return rec with
        {
            Lower = new AtomValues(0.9 * r, 0.9 * u1, 0.9 * u2, 0.9 * s, 0.9 * i),
            Upper = new AtomValues(1.1 * r, 1.1 * u1, 1.1 * u2, 1.1 * s, 1.1 * i),
            NullUpper = new AtomValues(0.01, 0.01, 0.01, 0.005, 0.02),
        };
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pidgpu-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
