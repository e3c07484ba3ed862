using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>Reproducible random joint distributions for the benchmarks.</summary>
public static class RandomJoints
{
    /// <summary>A draw from the flat Dirichlet(1, …, 1) over n1·n2·ny cells (normalised Exp(1) variates).</summary>
    public static JointDistribution Dirichlet(Random rng, int n1, int n2, int ny)
    {
        var w = new double[n1 * n2 * ny];
        for (int i = 0; i < w.Length; i++) w[i] = -Math.Log(1.0 - rng.NextDouble()); // 1 - U ∈ (0, 1]
        return new JointDistribution(n1, n2, ny, w, "dirichlet");
    }

    /// <summary><paramref name="count"/> independent Dirichlet(1) joints of shape n³ from one seeded stream.</summary>
    public static JointDistribution[] DirichletBatch(int seed, int count, int n)
    {
        var rng = new Random(seed);
        var joints = new JointDistribution[count];
        for (int i = 0; i < count; i++) joints[i] = Dirichlet(rng, n, n, n);
        return joints;
    }

    /// <summary>
    /// The n-ary noisy XOR: X1, X2 uniform on n values, Y = X1 + X2 mod n, replaced by one of the other n − 1 values
    /// with probability <paramref name="flip"/> on average (each wrong value's share drawn as Exp(1), so the noise is not
    /// symmetric, as in a sampled table). Near-degenerate for small flips: the optimum of BROJA is almost flat and
    /// nearly empties most cells (the hard cases of EngineBrojaHardCasesTests, at any size).
    /// </summary>
    public static JointDistribution NoisyXor(Random rng, int n, double flip)
    {
        var w = new double[n * n * n];
        for (int x1 = 0; x1 < n; x1++)
            for (int x2 = 0; x2 < n; x2++)
                for (int y = 0; y < n; y++)
                    w[(x1 * n + x2) * n + y] = y == (x1 + x2) % n ? 1 - flip : flip / (n - 1) * -Math.Log(1.0 - rng.NextDouble());
        return new JointDistribution(n, n, n, w, "noisy-xor");
    }
}
