using PidGpu.Estimate;

namespace PidGpu.Uncertainty;

/// <summary>Percentiles and moments of replicate atoms.</summary>
public static class ReplicateStatistics
{
    /// <summary>Type-7 quantile (linear interpolation between order statistics; numpy's default) of unsorted values.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) throw new PidInputException("a quantile of no values is undefined.");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    public static AtomInterval Interval(double estimate, IReadOnlyList<double> values, double lower, double upper)
    {
        double mean = values.Average();
        double ss = values.Sum(v => (v - mean) * (v - mean));
        double se = values.Count > 1 ? Math.Sqrt(ss / (values.Count - 1)) : 0;
        return new AtomInterval(estimate, Quantile(values, lower), Quantile(values, upper), mean, se);
    }

    public static BootstrapSummary Bootstrap(PidAtoms observed, IReadOnlyList<PidAtoms> replicates, ulong seed, double lower, double upper)
    {
        AtomInterval Of(Func<PidAtoms, double> atom) => Interval(atom(observed), replicates.Select(atom).ToArray(), lower, upper);
        return new BootstrapSummary(replicates.Count, seed, lower, upper, Of(a => a.R), Of(a => a.U1), Of(a => a.U2), Of(a => a.S), Of(a => a.I));
    }

    public static PermutationSummary Permutation(PidAtoms observed, IReadOnlyList<PidAtoms> nulls, ulong seed, double quantile)
    {
        AtomValues Map(Func<Func<PidAtoms, double>, double> f) => new(f(a => a.R), f(a => a.U1), f(a => a.U2), f(a => a.S), f(a => a.I));
        var mean = Map(atom => nulls.Average(atom));
        var upper = Map(atom => Quantile(nulls.Select(atom).ToArray(), quantile));
        int atLeast = nulls.Count(a => a.I >= observed.I);
        return new PermutationSummary(nulls.Count, seed, quantile, AtomValues.Of(observed), mean, upper, (1.0 + atLeast) / (1.0 + nulls.Count));
    }
}
