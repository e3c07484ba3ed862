using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Estimate;
using PidGpu.Kernels.Uncertainty;

namespace PidGpu.Uncertainty;

/// <summary>
/// Bootstrap intervals and shuffled-Y permutation nulls of the Gaussian PID of reduced data Z [rows × (d1+d2+dy)]
/// (double, row-major; columns X1 | X2 | Y). Replicate covariances are built on the device in batched launches
/// (<see cref="ResamplingKernels"/>) and decomposed by <see cref="GaussianPidEngine"/> in one batch each.
/// Results depend only on the data, the seed and the options: replicate b uses <see cref="CounterRng"/> stream b.
/// </summary>
internal sealed class GaussianResampler(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <summary>Host data: uploads Z once and runs <see cref="Summarize(ArrayView{double}, int, int, int, int, IPidMeasure, ResamplingOptions, GaussianOptions?)"/>.</summary>
    /// <exception cref="PidInputException">Bad shape, a non-finite value (named by row and column), bad options, or a singular replicate.</exception>
    public UncertaintySummary Summarize(double[] z, int rows, int d1, int d2, int dy, IPidMeasure measure,
        ResamplingOptions resampling, GaussianOptions? options = null)
    {
        CheckHost(z, rows, d1 + d2 + dy);
        using var buffer = Device.Allocate<double>(z);
        return Summarize(buffer.View, rows, d1, d2, dy, measure, resampling, options);
    }

    /// <summary>Device-resident Z (rows × (d1+d2+dy) doubles, row-major); assumed finite.</summary>
    public UncertaintySummary Summarize(ArrayView<double> z, int rows, int d1, int d2, int dy, IPidMeasure measure,
        ResamplingOptions resampling, GaussianOptions? options = null)
    {
        Check(resampling);
        var observed = ObservedAtoms(z, rows, d1, d2, dy, measure, options);
        BootstrapSummary? boot = null;
        PermutationSummary? perm = null;
        if (resampling.Bootstrap > 0)
            boot = ReplicateStatistics.Bootstrap(observed, BootstrapAtoms(z, rows, d1, d2, dy, measure, resampling, options),
                resampling.Seed, resampling.LowerQuantile, resampling.UpperQuantile);
        if (resampling.Permutations > 0)
            perm = ReplicateStatistics.Permutation(observed, PermutationAtoms(z, rows, d1, d2, dy, measure, resampling, options),
                resampling.Seed, resampling.NullQuantile);
        return new UncertaintySummary(AtomValues.Of(observed), boot, perm);
    }

    /// <summary>The full-sample atoms (ML covariance of all rows).</summary>
    public PidAtoms ObservedAtoms(ArrayView<double> z, int rows, int d1, int d2, int dy, IPidMeasure measure, GaussianOptions? options = null)
    {
        int d = Columns(z, rows, d1, d2, dy);
        var acc = Device.Accelerator;
        var k = KernelSet.For(acc).Resampling;
        using var shift = Means(z, rows, d);
        // Unit weights filled on the device: an N-sized upload less.
        using var ones = acc.Allocate1D<int>(rows);
        KernelSet.For(acc).ResidentPca.LaunchFill(Device.Stream, ones.View, 1);
        using var cov = acc.Allocate1D<double>((long)d * d);
        k.LaunchWeightedCovariance(Device.Stream, 1, rows, d, z, shift.View, ones.View, cov.View);
        return Decompose(cov.View, 1, d1, d2, dy, measure, options, "the full sample", 0)[0];
    }

    /// <summary>Atoms of bootstrap replicates 0 … Bootstrap−1, in order.</summary>
    public PidAtoms[] BootstrapAtoms(ArrayView<double> z, int rows, int d1, int d2, int dy, IPidMeasure measure,
        ResamplingOptions resampling, GaussianOptions? options = null)
        => Replicates(z, rows, d1, d2, dy, measure, resampling, options, resampling.Bootstrap, bootstrap: true);

    /// <summary>Atoms of shuffled-Y replicates 0 … Permutations−1, in order.</summary>
    public PidAtoms[] PermutationAtoms(ArrayView<double> z, int rows, int d1, int d2, int dy, IPidMeasure measure,
        ResamplingOptions resampling, GaussianOptions? options = null)
        => Replicates(z, rows, d1, d2, dy, measure, resampling, options, resampling.Permutations, bootstrap: false);

    /// <summary>
    /// Replicate covariances firstReplicate … firstReplicate+replicates−1, downloaded: replicates × columns² doubles.
    /// Bootstrap when yStart &lt; 0, else shuffled rows for the columns ≥ yStart. For inspection and tests.
    /// </summary>
    public double[] Covariances(double[] z, int rows, int columns, int yStart, ulong seed, int firstReplicate, int replicates)
    {
        CheckHost(z, rows, columns);
        var acc = Device.Accelerator;
        using var data = Device.Allocate<double>(z);
        using var shift = Means(data.View, rows, columns);
        using var cov = acc.Allocate1D<double>((long)replicates * columns * columns);
        using var index = acc.Allocate1D<int>((long)replicates * rows);
        Fill(data.View, rows, columns, yStart, seed, firstReplicate, replicates, shift.View, index.View, cov.View);
        return Device.Download<double>(cov.View);
    }

    /// <summary>Host mirror of the device draws: the rows (in draw order) of bootstrap replicate <paramref name="replicate"/>.</summary>
    public static int[] BootstrapRows(ulong seed, int replicate, int rows)
    {
        ulong state = CounterRng.StreamState(seed, replicate);
        var drawn = new int[rows];
        for (int k = 0; k < rows; k++) drawn[k] = CounterRng.Below(CounterRng.Next(state, k), rows);
        return drawn;
    }

    /// <summary>Host mirror of the device permutation of replicate <paramref name="replicate"/>: Y of row r comes from row result[r].</summary>
    public static int[] Permutation(ulong seed, int replicate, int rows)
    {
        ulong state = CounterRng.StreamState(seed, replicate);
        var p = Enumerable.Range(0, rows).ToArray();
        for (int i = rows - 1; i >= 1; i--)
        {
            int j = CounterRng.Below(CounterRng.Next(state, rows - 1 - i), i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    PidAtoms[] Replicates(ArrayView<double> z, int rows, int d1, int d2, int dy, IPidMeasure measure,
        ResamplingOptions resampling, GaussianOptions? options, int count, bool bootstrap)
    {
        Check(resampling);
        int d = Columns(z, rows, d1, d2, dy);
        var acc = Device.Accelerator;
        int batch = (int)Math.Clamp(resampling.MaxIndexEntries / rows, 1, Math.Max(count, 1));
        using var shift = Means(z, rows, d);
        using var index = acc.Allocate1D<int>((long)batch * rows);
        using var cov = acc.Allocate1D<double>((long)batch * d * d);
        var atoms = new PidAtoms[count];
        for (int first = 0; first < count; first += batch)
        {
            int n = Math.Min(batch, count - first);
            Fill(z, rows, d, bootstrap ? -1 : d1 + d2, resampling.Seed, first, n, shift.View, index.View, cov.View);
            var part = Decompose(cov.View, n, d1, d2, dy, measure, options, bootstrap ? "bootstrap replicate" : "permutation replicate", first);
            for (int b = 0; b < n; b++) atoms[first + b] = part[b];
        }
        return atoms;
    }

    void Fill(ArrayView<double> z, int rows, int columns, int yStart, ulong seed, int first, int replicates,
        ArrayView<double> shift, ArrayView<int> index, ArrayView<double> cov)
    {
        var acc = Device.Accelerator;
        var stream = Device.Stream;
        var k = KernelSet.For(acc).Resampling;
        var indexView = index.SubView(0, (long)replicates * rows);
        if (yStart < 0)
        {
            indexView.MemSetToZero(stream);
            k.LaunchBootstrapCounts(stream, seed, first, replicates, rows, indexView);
            k.LaunchWeightedCovariance(stream, replicates, rows, columns, z, shift, indexView, cov);
        }
        else
        {
            k.LaunchPermutations(stream, seed, first, replicates, rows, indexView);
            k.LaunchPermutedCovariance(stream, replicates, rows, columns, yStart, z, shift, indexView, cov);
        }
    }

    IReadOnlyList<PidAtoms> Decompose(ArrayView<double> cov, int problems, int d1, int d2, int dy, IPidMeasure measure,
        GaussianOptions? options, string what, int first)
    {
        try
        {
            return new GaussianPidEngine(Device).Decompose(cov, problems, d1, d2, dy, measure, options);
        }
        catch (PidInputException e)
        {
            string which = problems == 1 && first == 0 && what == "the full sample" ? what : $"{what}s {first}–{first + problems - 1}";
            throw e.WithPrefix(which);
        }
    }

    MemoryBuffer1D<double, Stride1D.Dense> Means(ArrayView<double> z, int rows, int columns)
    {
        var acc = Device.Accelerator;
        var shift = acc.Allocate1D<double>(columns);
        KernelSet.For(acc).Resampling.LaunchColumnMeans(Device.Stream, rows, columns, z, shift.View);
        return shift;
    }

    static int Columns(ArrayView<double> z, int rows, int d1, int d2, int dy)
    {
        if (d1 < 1 || d2 < 1 || dy < 1)
            throw new PidInputException($"Gaussian PID needs at least one dimension per variable (got d1={d1}, d2={d2}, dy={dy}).");
        int d = d1 + d2 + dy;
        if (rows < 2) throw new PidInputException($"resampling needs at least 2 rows (got {rows}).");
        if (z.Length < (long)rows * d)
            throw new PidInputException($"the data buffer holds {z.Length} doubles; {rows} rows of {d} columns need {(long)rows * d}.");
        return d;
    }

    static void CheckHost(double[] z, int rows, int columns)
    {
        if (rows < 2 || columns < 1 || z.LongLength != (long)rows * columns)
            throw new PidInputException($"the data holds {z.Length} values, not {rows} rows × {columns} columns (at least 2 rows).");
        int bad = Array.FindIndex(z, v => !double.IsFinite(v));
        if (bad >= 0) throw new PidInputException($"data row {bad / columns}, column {bad % columns} is {z[bad]}; data must be finite.") { Row = bad / columns, Column = bad % columns, Value = z[bad] };
    }

    internal static void Check(ResamplingOptions o)
    {
        if (o.Bootstrap < 0 || o.Permutations < 0)
            throw new PidInputException($"replicate counts must be ≥ 0 (got bootstrap {o.Bootstrap}, permutations {o.Permutations}).");
        if (!(o.LowerQuantile >= 0 && o.LowerQuantile < o.UpperQuantile && o.UpperQuantile <= 1))
            throw new PidInputException($"the bootstrap percentiles must satisfy 0 ≤ lower < upper ≤ 1 (got {o.LowerQuantile}, {o.UpperQuantile}).");
        if (!(o.NullQuantile >= 0 && o.NullQuantile <= 1))
            throw new PidInputException($"the null quantile must lie in [0, 1] (got {o.NullQuantile}).");
        if (o.MaxIndexEntries < 1) throw new PidInputException($"MaxIndexEntries must be ≥ 1 (got {o.MaxIndexEntries}).");
    }
}
