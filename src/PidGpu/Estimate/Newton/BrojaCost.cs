using PidGpu.Estimate;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// What a Newton BROJA solve will cost, before it starts: the memory of its dense Schur complement and elimination
/// panel, and a time from the floating-point work per Newton step times a typical step count. Both follow the table's
/// support (only free multipliers enter the linear algebra), so a sparse table is judged by what it really costs.
/// The time is an order of magnitude to refuse hopeless runs, not a promise.
/// </summary>
public readonly record struct BrojaCost(long Bytes, double Seconds)
{
    /// <summary>Newton systems a joint typically needs to 1e-9 bits, with room for hard ones (measured: random tables
    /// 11–25 from 2³ to 32³, at most about 60 over 1 000 random 8³ tables).</summary>
    public const int TypicalSteps = 60;

    /// <summary>Sustained double-precision rate assumed per core (flop/s), measured on the 2-core development machine.</summary>
    public const double FlopsPerCore = 2e9;

    /// <summary>The cost of solving <paramref name="problems"/> tables like <paramref name="joint"/>.</summary>
    public static BrojaCost Estimate(JointDistribution joint, int problems = 1)
    {
        int n1 = joint.N1, n2 = joint.N2, ny = joint.NY;
        var p1 = new bool[n1 * ny];
        var p2 = new bool[n2 * ny];
        var py = new bool[ny];
        long cells = 0;
        for (int x1 = 0; x1 < n1; x1++)
            for (int x2 = 0; x2 < n2; x2++)
            {
                bool any = false;
                for (int y = 0; y < ny; y++)
                    if (joint[x1, x2, y] > 0) { p1[x1 * ny + y] = p2[x2 * ny + y] = py[y] = any = true; }
                if (any) cells++;
            }
        double free1 = p1.Count(b => b), free2 = p2.Count(b => b) - py.Count(b => b);
        double small = Math.Min(free1, free2);
        double block = free1 / n1; // typical λ block side
        // S and its copy, A⁻¹ per x1, πᵀA⁻¹π' per x1, the λ factors and their copy, and the per-cell tables.
        double bytes = 8 * (2 * small * small + (double)n1 * ny * ny + (double)n1 * n2 * n2 + 2.0 * n1 * block * block + 9.0 * n1 * n2 * ny);
        double flopsPerStep = 2 * small * small * n1   // Schur assembly (lower triangle, two multiply-adds per entry and x1)
            + small * small * small / 3                // Cholesky
            + 3.0 * cells * block * block;             // elimination of the λ blocks
        double seconds = flopsPerStep * TypicalSteps * problems / (FlopsPerCore * Environment.ProcessorCount);
        int concurrent = problems == 1 ? 1 : Math.Min(problems, Environment.ProcessorCount);
        return new BrojaCost((long)Math.Min(long.MaxValue / 2, bytes * concurrent), seconds);
    }
}
