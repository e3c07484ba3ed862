using System.Globalization;
using PidGpu.Pipeline;
using PidGpu.Uncertainty;

namespace PidGpu.Report;

/// <summary>Bootstrap intervals and the shuffled-Y null under the atoms table, one row each per measure.</summary>
internal static class UncertaintyTable
{
    public static void Write(TextWriter w, string measure, GaussianEstimate? e)
    {
        if (e?.Bootstrap is { } b)
        {
            string level = (b.UpperQuantile - b.LowerQuantile).ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "");
            w.WriteLine($"{measure} bootstrap {level} interval ({b.Replicates} resamples): " +
                string.Join("  ", new[] { ("R", b.R), ("U1", b.U1), ("U2", b.U2), ("S", b.S), ("I", b.I) }
                    .Select(a => $"{a.Item1} [{F(a.Item2.Lower)}, {F(a.Item2.Upper)}]")));
        }
        if (e?.Permutation is { } p)
            w.WriteLine($"{measure} shuffled-Y null ({p.Permutations} permutations, {p.NullQuantile:P0} quantile): " +
                $"R {F(p.NullUpper.R)}  U1 {F(p.NullUpper.U1)}  U2 {F(p.NullUpper.U2)}  S {F(p.NullUpper.S)}  I {F(p.NullUpper.I)}; " +
                $"p-value of I {p.PValueI.ToString("G3", CultureInfo.InvariantCulture)}");
    }

    static string F(double v) => BitsText.Format(v);
}
