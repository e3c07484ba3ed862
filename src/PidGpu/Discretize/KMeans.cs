using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Kernels.Discretize;

namespace PidGpu.Discretize;

/// <summary>
/// k-means clustering of a row-major [rows × dims] matrix on the device, e.g. to turn a representation into one
/// discrete code per row. Seeding: k-means++ (Arthur &amp; Vassilvitskii 2007) — distances on the device, the D²
/// draw on the host from a seeded System.Random. Then Lloyd's iterations: assign every row to its nearest centroid
/// (lowest index on ties), stop when no code changes or after MaxIterations, else move each centroid to the mean of
/// its rows, summed in a fixed order so runs are bit-identical. A cluster left empty is re-seeded at the row
/// farthest from its centroid (lowest row on ties; several empty clusters take the farthest rows in turn).
/// </summary>
public sealed class KMeans(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <summary>Clusters <paramref name="data"/> into <paramref name="clusters"/> groups from k-means++ seeds.</summary>
    /// <exception cref="PidInputException">Bad shape, clusters &lt; 1 or &gt; rows, MaxIterations &lt; 1, or a NaN/±∞ (named by row and column).</exception>
    public KMeansResult Fit(ReadOnlySpan<double> data, int rows, int dims, int clusters, KMeansOptions? options = null, string name = "data")
    {
        options ??= new KMeansOptions();
        Validate(data, rows, dims, clusters, options.MaxIterations, name);
        using var run = new Run(Device, data, rows, dims, clusters);
        var seeds = run.SeedPlusPlus(new Random(options.Seed));
        return run.Lloyd(seeds, options.MaxIterations);
    }

    /// <summary>Float data, widened exactly to double.</summary>
    /// <exception cref="PidInputException">As for the double overload.</exception>
    public KMeansResult Fit(ReadOnlySpan<float> data, int rows, int dims, int clusters, KMeansOptions? options = null, string name = "data")
    {
        var wide = new double[data.Length];
        for (int i = 0; i < data.Length; i++) wide[i] = data[i];
        return Fit(wide, rows, dims, clusters, options, name);
    }

    /// <summary>Lloyd's iterations from given <paramref name="initialCentroids"/> ([clusters × dims], row-major).</summary>
    /// <exception cref="PidInputException">As for <see cref="Fit(ReadOnlySpan{double}, int, int, int, KMeansOptions?, string)"/>, or centroids of the wrong length or not finite.</exception>
    public KMeansResult FitFrom(ReadOnlySpan<double> data, int rows, int dims, ReadOnlySpan<double> initialCentroids, int maxIterations = 100, string name = "data")
    {
        if (dims < 1 || initialCentroids.Length % dims != 0)
            throw new PidInputException($"{name}: {initialCentroids.Length} initial centroid values are not whole rows of {dims} dimensions.");
        int clusters = initialCentroids.Length / dims;
        Validate(data, rows, dims, clusters, maxIterations, name);
        for (int i = 0; i < initialCentroids.Length; i++)
            if (!double.IsFinite(initialCentroids[i]))
                throw new PidInputException($"{name}: initial centroid {i / dims}, dimension {i % dims} is {initialCentroids[i]}; it must be finite.");
        using var run = new Run(Device, data, rows, dims, clusters);
        return run.Lloyd(initialCentroids.ToArray(), maxIterations);
    }

    static void Validate(ReadOnlySpan<double> data, int rows, int dims, int clusters, int maxIterations, string name)
    {
        if (rows < 1 || dims < 1)
            throw new PidInputException($"{name}: k-means needs at least one row and one dimension (got {rows} × {dims}).");
        if (data.Length != (long)rows * dims)
            throw new PidInputException($"{name}: {data.Length} values is not {rows} rows × {dims} dimensions.");
        if (clusters < 1)
            throw new PidInputException($"{name}: k-means needs at least 1 cluster (got {clusters}).");
        if (clusters > rows)
            throw new PidInputException($"{name}: {clusters} clusters is more than the {rows} rows.");
        if (maxIterations < 1)
            throw new PidInputException($"{name}: k-means needs at least 1 iteration (got {maxIterations}).");
        for (int i = 0; i < data.Length; i++)
            if (!double.IsFinite(data[i]))
                throw new PidInputException($"{name}: row {i / dims}, column {i % dims} is {data[i]}; values must be finite.") { Row = i / dims, Column = i % dims, Value = data[i] };
    }

    /// <summary>The device buffers of one clustering.</summary>
    sealed class Run : IDisposable
    {
        readonly PidDevice device;
        readonly Accelerator acc;
        readonly KMeansLloyd kernels;
        readonly double[] host;
        readonly int rows, dims, clusters;
        readonly MemoryBuffer1D<double, Stride1D.Dense> data, centroids, distance, partial, totals;
        readonly MemoryBuffer1D<int, Stride1D.Dense> codes, changes;
        AcceleratorStream Stream => device.Stream;

        public Run(PidDevice device, ReadOnlySpan<double> values, int rows, int dims, int clusters)
        {
            this.device = device;
            acc = device.Accelerator;
            kernels = KernelSet.For(acc).KMeans;
            host = values.ToArray();
            this.rows = rows; this.dims = dims; this.clusters = clusters;
            data = device.Allocate<double>(host);
            centroids = acc.Allocate1D<double>((long)clusters * dims);
            distance = acc.Allocate1D<double>(rows);
            partial = acc.Allocate1D<double>((long)KMeansLloyd.Partitions(rows) * KMeansLloyd.TotalsLength(clusters, dims));
            totals = acc.Allocate1D<double>(KMeansLloyd.TotalsLength(clusters, dims));
            codes = acc.Allocate1D<int>(rows);
            changes = acc.Allocate1D<int>(1);
        }

        /// <summary>k-means++: the first centre a uniform row, each next one a row drawn with probability ∝ D².</summary>
        public double[] SeedPlusPlus(Random random)
        {
            var seeds = new double[clusters * dims];
            int row = random.Next(rows);
            for (int j = 0; ; j++)
            {
                Array.Copy(host, (long)row * dims, seeds, (long)j * dims, dims);
                if (j + 1 == clusters) return seeds;
                var seed = centroids.View.SubView((long)j * dims, dims);
                device.Upload(seed, seeds.AsSpan(j * dims, dims), Stream);
                kernels.NearestSeed(Stream, data.View, dims, seed, j == 0, distance.View);
                var d2 = device.Download<double>(distance.View, Stream);
                double total = 0;
                foreach (double v in d2) total += v;
                row = total > 0 ? Draw(d2, random.NextDouble() * total) : random.Next(rows); // all rows already centres
            }
        }

        /// <summary>First row whose cumulative D² exceeds <paramref name="target"/> (the last positive one if rounding runs out).</summary>
        static int Draw(double[] d2, double target)
        {
            double cumulative = 0;
            int last = 0;
            for (int i = 0; i < d2.Length; i++)
            {
                if (d2[i] <= 0) continue;
                cumulative += d2[i];
                last = i;
                if (cumulative > target) return i;
            }
            return last;
        }

        public KMeansResult Lloyd(double[] seeds, int maxIterations)
        {
            var current = (double[])seeds.Clone();
            device.Upload<double>(centroids.View, current, Stream);
            device.Upload<int>(codes.View, Enumerable.Repeat(-1, rows).ToArray(), Stream);
            bool converged = false;
            int iterations = 0;
            while (iterations < maxIterations)
            {
                iterations++;
                if (Assign() == 0) { converged = true; break; }
                Update(current);
            }
            if (!converged) Assign(); // codes and inertia of the centroids returned
            var sums = Sums();
            return new KMeansResult(device.Download<int>(codes.View, Stream), current, clusters, dims, sums[^1], iterations, converged, seeds);
        }

        int Assign()
        {
            changes.MemSetToZero(Stream);
            kernels.Assign(Stream, data.View, dims, centroids.View, clusters, codes.View, distance.View, changes.View);
            return device.Download<int>(changes.View, Stream)[0];
        }

        double[] Sums()
        {
            kernels.Sums(Stream, data.View, dims, clusters, codes.View, distance.View, partial.View, totals.View);
            return device.Download<double>(totals.View, Stream);
        }

        /// <summary>Centroids = means of their rows; empty clusters re-seeded at the farthest rows.</summary>
        void Update(double[] current)
        {
            var sums = Sums();
            double[]? farthest = null;
            for (int j = 0; j < clusters; j++)
            {
                int slot = j * (dims + 1);
                double count = sums[slot + dims];
                if (count > 0)
                {
                    for (int d = 0; d < dims; d++) current[j * dims + d] = sums[slot + d] / count;
                    continue;
                }
                farthest ??= device.Download<double>(distance.View, Stream);
                int row = 0;
                for (int i = 1; i < rows; i++)
                    if (farthest[i] > farthest[row]) row = i;
                farthest[row] = -1; // the next empty cluster takes the next farthest row
                Array.Copy(host, (long)row * dims, current, (long)j * dims, dims);
            }
            device.Upload<double>(centroids.View, current, Stream);
        }

        public void Dispose()
        {
            data.Dispose(); centroids.Dispose(); distance.Dispose(); partial.Dispose(); totals.Dispose();
            codes.Dispose(); changes.Dispose();
        }
    }
}
