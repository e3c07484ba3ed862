using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Discretize;

/// <summary>
/// Device steps of k-means on a row-major [rows × dims] double matrix: k-means++ distances, nearest-centroid
/// assignment, and a deterministic centroid update — each of a fixed number of row partitions sums its rows per
/// cluster, then every total is summed over the partitions in partition order (no float atomics, so the result
/// does not depend on thread timing).
/// </summary>
internal sealed class KMeansLloyd
{
    /// <summary>Row partitions of the update; fixed (not per accelerator) so every device sums in the same order.</summary>
    public const int MaxPartitions = 1024;

    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<double>, int, ArrayView<double>, int, ArrayView<double>> nearestSeed;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<double>, int, ArrayView<double>, int, ArrayView<int>, ArrayView<double>, ArrayView<int>> assign;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<double>, int, int, ArrayView<int>, ArrayView<double>, int, ArrayView<double>> partialSums;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<double>, int, ArrayView<double>> reduce;

    public KMeansLloyd(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        nearestSeed = accelerator.LoadKernel<ArrayView<double>, int, ArrayView<double>, int, ArrayView<double>>(NearestSeedKernel);
        assign = accelerator.LoadKernel<ArrayView<double>, int, ArrayView<double>, int, ArrayView<int>, ArrayView<double>, ArrayView<int>>(AssignKernel);
        partialSums = accelerator.LoadKernel<ArrayView<double>, int, int, ArrayView<int>, ArrayView<double>, int, ArrayView<double>>(PartialSumsKernel);
        reduce = accelerator.LoadKernel<ArrayView<double>, int, ArrayView<double>>(ReduceKernel);
    }

    /// <summary>Partitions used for <paramref name="rows"/> rows.</summary>
    public static int Partitions(int rows) => Math.Max(1, Math.Min(rows, MaxPartitions));

    /// <summary>Doubles per partition (and in the totals): per cluster dims sums and a count, then the inertia.</summary>
    public static int TotalsLength(int clusters, int dims) => clusters * (dims + 1) + 1;

    /// <summary>
    /// minDistance[i] = min(minDistance[i], ‖x_i − seed‖²), or just the distance when <paramref name="first"/>;
    /// <paramref name="seed"/> holds dims values.
    /// </summary>
    public void NearestSeed(AcceleratorStream stream, ArrayView<double> data, int dims, ArrayView<double> seed, bool first, ArrayView<double> minDistance) =>
        nearestSeed(stream, LaunchConfig.GridStride(accelerator, minDistance.Length), data, dims, seed, first ? 1 : 0, minDistance);

    /// <summary>
    /// codes[i] = nearest centroid (lowest index on ties), distance[i] its squared distance; changes[0] is
    /// incremented by the number of codes that changed (the caller zeroes it).
    /// </summary>
    public void Assign(AcceleratorStream stream, ArrayView<double> data, int dims, ArrayView<double> centroids, int clusters,
        ArrayView<int> codes, ArrayView<double> distance, ArrayView<int> changes) =>
        assign(stream, LaunchConfig.GridStride(accelerator, codes.Length), data, dims, centroids, clusters, codes, distance, changes);

    /// <summary>
    /// Per cluster coordinate sums and counts and the total of <paramref name="distance"/> into <paramref name="totals"/>
    /// (<see cref="TotalsLength"/>); <paramref name="partial"/> has <see cref="Partitions"/> × TotalsLength doubles.
    /// </summary>
    public void Sums(AcceleratorStream stream, ArrayView<double> data, int dims, int clusters, ArrayView<int> codes,
        ArrayView<double> distance, ArrayView<double> partial, ArrayView<double> totals)
    {
        int partitions = Partitions((int)codes.Length);
        int length = TotalsLength(clusters, dims);
        partialSums(stream, LaunchConfig.GridStride(accelerator, partitions), data, dims, clusters, codes, distance, partitions,
            partial.SubView(0, (long)partitions * length));
        reduce(stream, LaunchConfig.GridStride(accelerator, length), partial.SubView(0, (long)partitions * length), partitions, totals.SubView(0, length));
    }

    static double Distance(ArrayView<double> data, long row, int dims, ArrayView<double> centroids, int cluster)
    {
        double sum = 0;
        for (int d = 0; d < dims; d++)
        {
            double diff = data[row * dims + d] - centroids[cluster * dims + d];
            sum += diff * diff;
        }
        return sum;
    }

    static void NearestSeedKernel(ArrayView<double> data, int dims, ArrayView<double> seed, int first, ArrayView<double> minDistance)
    {
        for (long i = Grid.GlobalIndex.X; i < minDistance.Length; i += (long)Grid.DimX * Group.DimX)
        {
            double dist = Distance(data, i, dims, seed, 0);
            minDistance[i] = first != 0 ? dist : Math.Min(minDistance[i], dist);
        }
    }

    static void AssignKernel(ArrayView<double> data, int dims, ArrayView<double> centroids, int clusters,
        ArrayView<int> codes, ArrayView<double> distance, ArrayView<int> changes)
    {
        int changed = 0;
        for (long i = Grid.GlobalIndex.X; i < codes.Length; i += (long)Grid.DimX * Group.DimX)
        {
            int best = 0;
            double bestDistance = Distance(data, i, dims, centroids, 0);
            for (int j = 1; j < clusters; j++)
            {
                double dist = Distance(data, i, dims, centroids, j);
                if (dist < bestDistance) { bestDistance = dist; best = j; }
            }
            if (codes[i] != best) changed++;
            codes[i] = best;
            distance[i] = bestDistance;
        }
        if (changed > 0) Atomic.Add(ref changes[0], changed); // an integer count: exact in any order
    }

    static void PartialSumsKernel(ArrayView<double> data, int dims, int clusters, ArrayView<int> codes, ArrayView<double> distance,
        int partitions, ArrayView<double> partial)
    {
        long rows = codes.Length;
        int length = clusters * (dims + 1) + 1;
        for (long p = Grid.GlobalIndex.X; p < partitions; p += (long)Grid.DimX * Group.DimX)
        {
            long offset = p * length;
            for (int s = 0; s < length; s++) partial[offset + s] = 0;
            long end = (p + 1) * rows / partitions;
            for (long i = p * rows / partitions; i < end; i++)
            {
                long slot = offset + (long)codes[i] * (dims + 1);
                for (int d = 0; d < dims; d++) partial[slot + d] += data[i * dims + d];
                partial[slot + dims] += 1;
                partial[offset + length - 1] += distance[i];
            }
        }
    }

    static void ReduceKernel(ArrayView<double> partial, int partitions, ArrayView<double> totals)
    {
        long length = totals.Length;
        for (long s = Grid.GlobalIndex.X; s < length; s += (long)Grid.DimX * Group.DimX)
        {
            double sum = 0;
            for (int p = 0; p < partitions; p++) sum += partial[p * length + s];
            totals[s] = sum;
        }
    }
}
