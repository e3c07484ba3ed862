namespace PidGpu.Estimate;

/// <summary>
/// A normalised joint distribution p(x1, x2, y) over finite alphabets, stored flat in row-major
/// order: index = (x1 * N2 + x2) * NY + y.
/// </summary>
public sealed class JointDistribution
{
    public int N1 { get; }
    public int N2 { get; }
    public int NY { get; }
    /// <summary>Probabilities, summing to 1, length N1*N2*NY.</summary>
    public double[] P { get; }

    public int Size => N1 * N2 * NY;

    /// <summary>Largest joint table accepted (2^26 cells, 512 MiB of doubles).</summary>
    public const int MaxCells = 1 << 26;

    public double this[int x1, int x2, int y] => P[(x1 * N2 + x2) * NY + y];

    /// <summary>Validates and normalises non-negative weights (probabilities or counts).</summary>
    /// <exception cref="PidInputException">Bad dimensions, negative/NaN/infinite entries, or an all-zero table.</exception>
    public JointDistribution(int n1, int n2, int ny, ReadOnlySpan<double> weights, string source = "joint table")
    {
        if (n1 < 1 || n2 < 1 || ny < 1)
            throw new PidInputException($"{source}: every dimension must be at least 1 (got {n1}x{n2}x{ny}).");
        long size = (long)n1 * n2 * ny;
        if (size > MaxCells)
            throw new PidInputException($"{source}: {n1}x{n2}x{ny} cells exceeds the limit of {MaxCells}.");
        if (weights.Length != size)
            throw new PidInputException($"{source}: expected {size} entries for {n1}x{n2}x{ny}, got {weights.Length}.");
        double total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double w = weights[i];
            if (double.IsNaN(w) || double.IsInfinity(w))
                throw new PidInputException($"{source}: entry {Describe(i, n2, ny)} is {w}; entries must be finite.");
            if (w < 0)
                throw new PidInputException($"{source}: entry {Describe(i, n2, ny)} is negative ({w}).");
            total += w;
        }
        if (!(total > 0) || double.IsInfinity(total))
            throw new PidInputException($"{source}: the table sums to {total}; it needs positive, finite mass.");
        N1 = n1; N2 = n2; NY = ny;
        P = new double[size];
        for (int i = 0; i < P.Length; i++) P[i] = weights[i] / total;
    }

    /// <summary>The empirical distribution of integer-coded samples (codes 0..n-1; alphabet sizes from the maxima unless given).</summary>
    public static JointDistribution FromCodes(ReadOnlySpan<int> x1, ReadOnlySpan<int> x2, ReadOnlySpan<int> y,
        int n1 = 0, int n2 = 0, int ny = 0, string source = "samples")
    {
        if (x1.Length != x2.Length || x1.Length != y.Length)
            throw new PidInputException($"{source}: x1, x2 and y have different lengths ({x1.Length}, {x2.Length}, {y.Length}).");
        if (x1.Length == 0)
            throw new PidInputException($"{source}: no samples.");
        n1 = Math.Max(n1, MaxCode(x1, "x1", source) + 1);
        n2 = Math.Max(n2, MaxCode(x2, "x2", source) + 1);
        ny = Math.Max(ny, MaxCode(y, "y", source) + 1);
        CheckAlphabets(n1, n2, ny, source);
        var counts = new double[n1 * n2 * ny];
        for (int i = 0; i < x1.Length; i++) counts[(x1[i] * n2 + x2[i]) * ny + y[i]] += 1;
        return new JointDistribution(n1, n2, ny, counts, source);
    }

    /// <summary>Rejects alphabets whose joint table would exceed <see cref="MaxCells"/>, before anything is allocated.</summary>
    internal static void CheckAlphabets(int n1, int n2, int ny, string source)
    {
        if ((long)n1 * n2 * ny > MaxCells)
            throw new PidInputException($"{source}: alphabets {n1}x{n2}x{ny} exceed {MaxCells} joint cells; use fewer bins.");
    }

    static int MaxCode(ReadOnlySpan<int> codes, string name, string source)
    {
        int max = 0;
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] < 0)
                throw new PidInputException($"{source}: {name} code at row {i} is negative ({codes[i]}).") { Row = i };
            max = Math.Max(max, codes[i]);
        }
        return max;
    }

    static string Describe(int i, int n2, int ny) => $"p[{i / (n2 * ny)}][{i / ny % n2}][{i % ny}]";
}
