using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Uncertainty;

/// <summary>
/// Resampled covariances of one data matrix Z [rows × columns] (double, row-major) for a batch of replicates:
/// bootstrap (multinomial row counts, then a count-weighted covariance) and shuffled-Y permutations (Fisher–Yates
/// row order for the trailing Y columns). Every replicate's randomness is <see cref="CounterRng"/> stream
/// (firstReplicate + b), so replicate b is the same whatever the batch split. Covariances are maximum-likelihood
/// (divide by the row count), about the replicate's own mean, computed on data shifted by the full-sample column
/// means (the shifted-data algorithm of <c>CovarianceAccumulator</c>); every output entry is summed by one thread in
/// row order (no float atomics, deterministic).
/// </summary>
internal sealed class ResamplingKernels
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, int, int, ArrayView<double>, ArrayView<double>> meansKernel;
    readonly Action<AcceleratorStream, KernelConfig, ulong, int, int, int, ArrayView<int>> countsKernel;
    readonly Action<AcceleratorStream, KernelConfig, ulong, int, int, int, ArrayView<int>> permuteKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>> weightedKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>> permutedKernel;

    public ResamplingKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        meansKernel = accelerator.LoadKernel<int, int, ArrayView<double>, ArrayView<double>>(MeansKernel);
        countsKernel = accelerator.LoadKernel<ulong, int, int, int, ArrayView<int>>(CountsKernel);
        permuteKernel = accelerator.LoadKernel<ulong, int, int, int, ArrayView<int>>(PermuteKernel);
        weightedKernel = accelerator.LoadKernel<int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>>(WeightedKernel);
        permutedKernel = accelerator.LoadKernel<int, int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>>(PermutedKernel);
    }

    /// <summary>shift[c] ← mean of column c of z (rows × columns).</summary>
    public void LaunchColumnMeans(AcceleratorStream stream, int rows, int columns, ArrayView<double> z, ArrayView<double> shift)
        => meansKernel(stream, LaunchConfig.GridStride(accelerator, columns), rows, columns, z, shift);

    /// <summary>
    /// counts[b × rows + r] ← how often row r is drawn in replicate firstReplicate + b: rows draws with replacement,
    /// draw k = <see cref="CounterRng.Below"/>(Next(StreamState(seed, replicate), k), rows). Zero counts first.
    /// Integer atomics only: the counts do not depend on the order of the adds.
    /// </summary>
    public void LaunchBootstrapCounts(AcceleratorStream stream, ulong seed, int firstReplicate, int replicates, int rows, ArrayView<int> counts)
        => countsKernel(stream, LaunchConfig.GridStride(accelerator, (long)replicates * rows), seed, firstReplicate, replicates, rows, counts);

    /// <summary>
    /// permutation[b × rows + r] ← a uniform permutation of 0..rows−1 for replicate firstReplicate + b
    /// (Fisher–Yates: for i = rows−1 … 1 swap i with j = Below(Next(state, rows−1−i), i + 1)); one thread per replicate.
    /// </summary>
    public void LaunchPermutations(AcceleratorStream stream, ulong seed, int firstReplicate, int replicates, int rows, ArrayView<int> permutation)
        => permuteKernel(stream, LaunchConfig.GridStride(accelerator, replicates), seed, firstReplicate, replicates, rows, permutation);

    /// <summary>covariance[b] (columns², row-major) ← Σ_r counts[b,r] (z_r − m_b)(z_r − m_b)ᵀ / Σ_r counts[b,r].</summary>
    public void LaunchWeightedCovariance(AcceleratorStream stream, int replicates, int rows, int columns,
        ArrayView<double> z, ArrayView<double> shift, ArrayView<int> counts, ArrayView<double> covariance)
        => weightedKernel(stream, LaunchConfig.GridStride(accelerator, (long)replicates * Pairs(columns)), replicates, rows, columns, z, shift, counts, covariance);

    /// <summary>
    /// covariance[b] ← the ML covariance of z with columns ≥ yStart taken from row permutation[b, r] in row r
    /// (the X–X and Y–Y blocks equal the full-sample covariance; only the X–Y blocks change).
    /// </summary>
    public void LaunchPermutedCovariance(AcceleratorStream stream, int replicates, int rows, int columns, int yStart,
        ArrayView<double> z, ArrayView<double> shift, ArrayView<int> permutation, ArrayView<double> covariance)
        => permutedKernel(stream, LaunchConfig.GridStride(accelerator, (long)replicates * Pairs(columns)), replicates, rows, columns, yStart, z, shift, permutation, covariance);

    static int Pairs(int columns) => columns * (columns + 1) / 2;

    static void MeansKernel(int rows, int columns, ArrayView<double> z, ArrayView<double> shift)
    {
        for (long c = Grid.GlobalIndex.X; c < columns; c += (long)Grid.DimX * Group.DimX)
        {
            double sum = 0;
            for (long r = 0; r < rows; r++) sum += z[r * columns + c];
            shift[c] = sum / rows;
        }
    }

    static void CountsKernel(ulong seed, int firstReplicate, int replicates, int rows, ArrayView<int> counts)
    {
        long total = (long)replicates * rows;
        for (long k = Grid.GlobalIndex.X; k < total; k += (long)Grid.DimX * Group.DimX)
        {
            long b = k / rows, draw = k % rows;
            ulong state = CounterRng.StreamState(seed, firstReplicate + b);
            int row = CounterRng.Below(CounterRng.Next(state, draw), rows);
            Atomic.Add(ref counts[b * rows + row], 1);
        }
    }

    static void PermuteKernel(ulong seed, int firstReplicate, int replicates, int rows, ArrayView<int> permutation)
    {
        for (long b = Grid.GlobalIndex.X; b < replicates; b += (long)Grid.DimX * Group.DimX)
        {
            long offset = b * rows;
            for (int r = 0; r < rows; r++) permutation[offset + r] = r;
            ulong state = CounterRng.StreamState(seed, firstReplicate + b);
            for (int i = rows - 1; i >= 1; i--)
            {
                int j = CounterRng.Below(CounterRng.Next(state, rows - 1 - i), i + 1);
                int t = permutation[offset + i];
                permutation[offset + i] = permutation[offset + j];
                permutation[offset + j] = t;
            }
        }
    }

    static void WeightedKernel(int replicates, int rows, int columns, ArrayView<double> z, ArrayView<double> shift,
        ArrayView<int> counts, ArrayView<double> covariance)
    {
        int pairs = Pairs(columns);
        long total = (long)replicates * pairs;
        for (long k = Grid.GlobalIndex.X; k < total; k += (long)Grid.DimX * Group.DimX)
        {
            long b = k / pairs;
            PairOf(columns, (int)(k % pairs), out int i, out int j);
            double ci = shift[i], cj = shift[j];
            double si = 0, sj = 0, q = 0, n = 0;
            for (long r = 0; r < rows; r++)
            {
                int w = counts[b * rows + r];
                if (w == 0) continue;
                double xi = z[r * columns + i] - ci, xj = z[r * columns + j] - cj;
                si += w * xi; sj += w * xj; q += w * xi * xj; n += w;
            }
            double c = (q - si * sj / n) / n;
            long baseCov = b * columns * columns;
            covariance[baseCov + (long)i * columns + j] = c;
            covariance[baseCov + (long)j * columns + i] = c;
        }
    }

    static void PermutedKernel(int replicates, int rows, int columns, int yStart, ArrayView<double> z, ArrayView<double> shift,
        ArrayView<int> permutation, ArrayView<double> covariance)
    {
        int pairs = Pairs(columns);
        long total = (long)replicates * pairs;
        for (long k = Grid.GlobalIndex.X; k < total; k += (long)Grid.DimX * Group.DimX)
        {
            long b = k / pairs;
            PairOf(columns, (int)(k % pairs), out int i, out int j);
            double ci = shift[i], cj = shift[j];
            bool permI = i >= yStart, permJ = j >= yStart;
            double si = 0, sj = 0, q = 0;
            for (long r = 0; r < rows; r++)
            {
                long ri = permI ? permutation[b * rows + r] : r;
                long rj = permJ ? permutation[b * rows + r] : r;
                double xi = z[ri * columns + i] - ci, xj = z[rj * columns + j] - cj;
                si += xi; sj += xj; q += xi * xj;
            }
            double c = (q - si * sj / rows) / rows;
            long baseCov = b * columns * columns;
            covariance[baseCov + (long)i * columns + j] = c;
            covariance[baseCov + (long)j * columns + i] = c;
        }
    }

    /// <summary>Upper-triangle pair index → (i, j), i ≤ j, row by row.</summary>
    static void PairOf(int d, int pair, out int i, out int j)
    {
        i = 0;
        while (pair >= d - i) { pair -= d - i; i++; }
        j = i + pair;
    }
}
