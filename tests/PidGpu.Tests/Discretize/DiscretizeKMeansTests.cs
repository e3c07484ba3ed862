using ILGPU;
using PidGpu.Discretize;
using PidGpu.Kernels.Discretize;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Device k-means: recovers well-separated Gaussian blobs up to a relabelling, agrees with a plain host Lloyd run
/// from the same seeds (codes, iterations, centroids, inertia), re-seeds empty clusters as documented, is
/// bit-identical across runs, and rejects bad input by name.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class DiscretizeKMeansTests(EngineDeviceFixture fixture)
{
    KMeans KMeans => new(fixture.Device);

    static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Blobs of <paramref name="perBlob"/> rows around the given centres (sd <paramref name="sd"/>), rows shuffled.</summary>
    static (double[] Data, int[] Labels) Blobs(double[][] centres, int perBlob, double sd, int seed)
    {
        var rng = new Random(seed);
        int dims = centres[0].Length, rows = centres.Length * perBlob;
        var order = Enumerable.Range(0, rows).OrderBy(_ => rng.Next()).ToArray();
        var data = new double[rows * dims];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = order[r] / perBlob;
            labels[r] = label;
            for (int d = 0; d < dims; d++) data[r * dims + d] = centres[label][d] + sd * Gaussian(rng);
        }
        return (data, labels);
    }

    /// <summary>Textbook Lloyd on the host with the documented rules (lowest index on ties, stop when no code changes, empty clusters to the farthest rows).</summary>
    static (int[] Codes, double[] Centroids, double Inertia, int Iterations, bool Converged) HostLloyd(
        double[] x, int rows, int dims, double[] seeds, int maxIterations)
    {
        int k = seeds.Length / dims;
        var c = (double[])seeds.Clone();
        var codes = Enumerable.Repeat(-1, rows).ToArray();
        var dist = new double[rows];
        double D(int i, int j) => Enumerable.Range(0, dims).Sum(d => (x[i * dims + d] - c[j * dims + d]) * (x[i * dims + d] - c[j * dims + d]));
        int AssignAll()
        {
            int changed = 0;
            for (int i = 0; i < rows; i++)
            {
                int best = 0;
                for (int j = 1; j < k; j++) if (D(i, j) < D(i, best)) best = j;
                if (codes[i] != best) changed++;
                codes[i] = best;
                dist[i] = D(i, best);
            }
            return changed;
        }
        int it = 0;
        bool converged = false;
        while (it < maxIterations)
        {
            it++;
            if (AssignAll() == 0) { converged = true; break; }
            var far = (double[])dist.Clone();
            for (int j = 0; j < k; j++)
            {
                var members = Enumerable.Range(0, rows).Where(i => codes[i] == j).ToArray();
                if (members.Length == 0)
                {
                    int row = Array.IndexOf(far, far.Max());
                    far[row] = -1;
                    for (int d = 0; d < dims; d++) c[j * dims + d] = x[row * dims + d];
                    continue;
                }
                for (int d = 0; d < dims; d++) c[j * dims + d] = members.Average(i => x[i * dims + d]);
            }
        }
        if (!converged) AssignAll();
        return (codes, c, dist.Sum(), it, converged);
    }

    static void AssertMatchesHost(double[] x, int rows, int dims, KMeansResult r, int maxIterations)
    {
        var host = HostLloyd(x, rows, dims, r.InitialCentroids, maxIterations);
        Assert.Equal(host.Codes, r.Codes);
        Assert.Equal(host.Iterations, r.Iterations);
        Assert.Equal(host.Converged, r.Converged);
        for (int i = 0; i < host.Centroids.Length; i++) Assert.Equal(host.Centroids[i], r.Centroids[i], 1e-10);
        Assert.True(Math.Abs(host.Inertia - r.Inertia) <= 1e-12 * host.Inertia, $"inertia {r.Inertia:R} vs host {host.Inertia:R}");
    }

    [Fact]
    public void WellSeparatedBlobs_AreRecoveredUpToRelabelling_AndMatchHostLloyd()
    {
        double[][] centres = [[10, 0, 0], [-10, 0, 0], [0, 10, 0], [0, 0, -10]];
        var (x, labels) = Blobs(centres, 250, 0.7, 42);
        int rows = labels.Length;
        var r = KMeans.Fit(x, rows, 3, 4, new KMeansOptions(Seed: 7));
        Assert.True(r.Converged);
        // Each cluster holds exactly one blob and each blob one cluster.
        var pairs = Enumerable.Range(0, rows).Select(i => (labels[i], r.Codes[i])).Distinct().ToArray();
        Assert.Equal(4, pairs.Length);
        Assert.Equal(4, pairs.Select(p => p.Item1).Distinct().Count());
        Assert.Equal(4, pairs.Select(p => p.Item2).Distinct().Count());
        // Inertia ≈ rows · dims · sd² for the true partition.
        Assert.InRange(r.Inertia / (rows * 3 * 0.49), 0.9, 1.1);
        AssertMatchesHost(x, rows, 3, r, 100);
    }

    [Fact]
    public void OverlappingData_ManyIterations_MatchHostLloydFromTheSameSeeds()
    {
        var rng = new Random(3);
        const int rows = 1500, dims = 2;
        var x = Enumerable.Range(0, rows * dims).Select(_ => rng.NextDouble()).ToArray();
        var r = KMeans.Fit(x, rows, dims, 6, new KMeansOptions(Seed: 1));
        Assert.True(r.Iterations > 3);
        AssertMatchesHost(x, rows, dims, r, 100);
        var capped = KMeans.Fit(x, rows, dims, 6, new KMeansOptions(MaxIterations: 2, Seed: 1));
        Assert.False(capped.Converged);
        Assert.Equal(2, capped.Iterations);
        AssertMatchesHost(x, rows, dims, capped, 2);
    }

    [Fact]
    public void Runs_AreBitIdentical_AndFloatInputEqualsWidenedDouble()
    {
        var rng = new Random(8);
        const int rows = 2000, dims = 4;
        var xf = Enumerable.Range(0, rows * dims).Select(_ => (float)Gaussian(rng)).ToArray();
        var x = xf.Select(v => (double)v).ToArray();
        var a = KMeans.Fit(x, rows, dims, 8, new KMeansOptions(Seed: 5));
        var b = KMeans.Fit(x, rows, dims, 8, new KMeansOptions(Seed: 5));
        var f = KMeans.Fit(xf, rows, dims, 8, new KMeansOptions(Seed: 5));
        foreach (var other in new[] { b, f })
        {
            Assert.Equal(a.Codes, other.Codes);
            Assert.Equal(a.InitialCentroids, other.InitialCentroids);
            Assert.Equal(a.Centroids.Select(BitConverter.DoubleToInt64Bits), other.Centroids.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Inertia), BitConverter.DoubleToInt64Bits(other.Inertia));
            Assert.Equal(a.Iterations, other.Iterations);
        }
        Assert.NotEqual(a.InitialCentroids, KMeans.Fit(x, rows, dims, 8, new KMeansOptions(Seed: 6)).InitialCentroids);
    }

    [Fact]
    public void EmptyCluster_IsReseededAtTheFarthestRow()
    {
        double[] x = [0, 1, 2, 10, 11, 12];
        // Centroid 1 at 1000 gets no row: it restarts at row 5 (12, farthest from its centroid 1).
        var r = KMeans.FitFrom(x, 6, 1, [0, 1000, 1]);
        Assert.True(r.Converged);
        AssertMatchesHost(x, 6, 1, r, 100);
        Assert.DoesNotContain(1000.0, r.Centroids);
        var capped = KMeans.FitFrom(x, 6, 1, [0, 1000, 1], maxIterations: 1);
        Assert.Equal([0.0, 12.0, 36.0 / 5], capped.Centroids);
    }

    [Fact]
    public void OneCluster_IsTheMean_AndRowsAsClusters_HaveZeroInertia()
    {
        double[] x = [1, 2, 3, 4, 5, 9];
        var one = KMeans.Fit(x, 3, 2, 1);
        Assert.Equal([3.0, 5.0], one.Centroids);
        Assert.Equal(2, one.Iterations);
        Assert.Equal(4 + 9 + 0 + 1 + 4 + 16, one.Inertia, 1e-12);
        var all = KMeans.Fit(x, 3, 2, 3);
        Assert.Equal(0.0, all.Inertia);
        Assert.Equal(3, all.Codes.Distinct().Count());
    }

    [Fact]
    public void BadInput_IsRejectedByName()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        Assert.Contains("at least 1 cluster", Assert.Throws<PidInputException>(() => KMeans.Fit(x, 3, 2, 0)).Message);
        Assert.Contains("4 clusters is more than the 3 rows", Assert.Throws<PidInputException>(() => KMeans.Fit(x, 3, 2, 4)).Message);
        Assert.Throws<PidInputException>(() => KMeans.Fit(x, 4, 2, 1));
        Assert.Throws<PidInputException>(() => KMeans.Fit(x, 3, 2, 1, new KMeansOptions(MaxIterations: 0)));
        x[3] = double.NaN;
        Assert.Contains("acts: row 1, column 1", Assert.Throws<PidInputException>(() => KMeans.Fit(x, 3, 2, 2, name: "acts")).Message);
        Assert.Throws<PidInputException>(() => KMeans.FitFrom([1.0, 2, 3], 3, 1, [0.0, double.PositiveInfinity]));
    }
}
