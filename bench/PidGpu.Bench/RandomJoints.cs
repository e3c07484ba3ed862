using PidGpu.Pid;

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
}
