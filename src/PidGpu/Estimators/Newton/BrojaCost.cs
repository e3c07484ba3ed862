namespace PidGpu.Estimators.Newton;

/// <summary>
/// What a Newton BROJA solve of an n1 × n2 × ny table will cost, before it starts: the memory its dense Schur complement
/// and elimination panel take, and a time from the floating-point work per Newton step times a typical step count.
/// The time is an order of magnitude to refuse hopeless runs, not a promise.
/// </summary>
public readonly record struct BrojaCost(long Bytes, double Seconds)
{
    /// <summary>Newton steps a random joint typically needs to 1e-9 bits (measured: 45–130 from 2³ to 32³).</summary>
    public const int TypicalSteps = 100;

    /// <summary>Sustained double-precision rate assumed per core (flop/s), measured on the 2-core development machine.</summary>
    public const double FlopsPerCore = 2e9;

    public static BrojaCost Estimate(int n1, int n2, int ny, int problems = 1)
    {
        // The solver puts the smaller source on the Schur side.
        long small = Math.Min(n1, n2), large = Math.Max(n1, n2);
        double schur = (double)small * ny;
        double panel = (double)large * ny;
        double bytes = 8 * (schur * schur + schur * panel + large * (double)ny * ny + 6 * (double)n1 * n2 * ny) + 8 * (double)n1 * n2 * ny;
        double flopsPerStep = 2 * schur * schur / 2 * panel      // Schur update Yᵀ Y
            + schur * schur * schur / 3                           // Cholesky
            + 2 * large * small * (double)ny * ny * ny / 2;       // elimination of the λ blocks
        double seconds = flopsPerStep * TypicalSteps * problems / (FlopsPerCore * Environment.ProcessorCount);
        int concurrent = problems == 1 ? 1 : Math.Min(problems, Environment.ProcessorCount);
        return new BrojaCost((long)Math.Min(long.MaxValue / 2, bytes * concurrent), seconds);
    }
}
