using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Kernels.Gaussian;
using PidGpu.Reduce;
using PidGpu.Reduce.Cpu;

namespace PidGpu.Estimate;

/// <summary>
/// Maximum-likelihood covariances (divide by N) of float32 data fed chunk by chunk, so inputs larger than
/// memory stream through the device; a batch of problems (e.g. one per layer, each with the same column count)
/// is accumulated at once. Numerics: shifted data in double (see <see cref="CovarianceAccumulator"/>).
/// Wide problems (Columns ≥ <see cref="TiledMinColumns"/>) use the tiled Gram kernel (<see cref="CovarianceGramTiles"/>),
/// narrow ones the one-thread-per-pair kernel, which is faster there (less padding, no shared-memory staging).
/// Determinism: no atomics, so the same data, chunking and accelerator give the same bits; on the tiled path the
/// bits also do not depend on how rows after the first chunk are split into chunks.
/// On ILGPU's CPU accelerator (<see cref="PcaBackend.Auto"/>) the sums run on the host instead, as a packed SIMD SYRK
/// (<see cref="HostCovariance"/>, one per problem) with the same shift and the same independence from later chunking.
/// </summary>
public sealed class ChunkedCovariance : IDisposable
{
    readonly PidDevice device;
    /// <summary>
    /// Column count from which the tiled Gram kernel is used: on the CPU accelerator (N = 20,000) it was 1.9× faster
    /// at d = 48 and 3.3× at 64, but 1.6× slower at d = 33 (tile padding) and 3–6× slower for d ≤ 16.
    /// </summary>
    public const int TiledMinColumns = 48;

    readonly CovarianceShape shape;
    readonly bool tiled;
    readonly MemoryBuffer1D<double, Stride1D.Dense>? shift, partial;
    readonly HostCovariance[]? host;
    MemoryBuffer1D<float, Stride1D.Dense>? staging;
    bool shifted;

    public int Columns { get; }
    public int Problems { get; }
    /// <summary>Rows seen so far (per problem).</summary>
    public long Rows { get; private set; }

    /// <param name="backend">Where the sums run: Auto = the host on ILGPU's CPU accelerator, the device kernels on a GPU.</param>
    public ChunkedCovariance(PidDevice device, int columns, int problems = 1, PcaBackend backend = PcaBackend.Auto)
    {
        if (columns < 1 || problems < 1)
            throw new PidInputException($"a covariance needs at least one column and one problem (got {columns} columns, {problems} problems).");
        this.device = device;
        Columns = columns;
        Problems = problems;
        var acc = device.Accelerator;
        if (ReduceBackends.UsesHost(device, backend))
        {
            host = new HostCovariance[problems];
            for (int p = 0; p < problems; p++) host[p] = new HostCovariance(columns);
            return;
        }
        tiled = columns >= TiledMinColumns;
        shape = new CovarianceShape(columns, tiled
            ? CovarianceGramTiles.SlicesFor(acc, columns, problems)
            : CovarianceAccumulator.SlicesFor(acc, columns, problems));
        shift = acc.Allocate1D<double>((long)problems * columns);
        partial = acc.Allocate1D<double>(problems * shape.PartialLength);
        partial.MemSetToZero(device.Stream);
    }

    /// <summary>Adds a host chunk: problems × rows × Columns floats, row-major, problems back to back.</summary>
    /// <exception cref="PidInputException">The length does not split into whole rows, or a value is not finite.</exception>
    public void Add(float[] chunk)
    {
        long perRow = (long)Problems * Columns;
        if (chunk.Length % perRow != 0)
            throw new PidInputException($"a chunk of {chunk.Length} floats is not a whole number of rows of {Problems} × {Columns}.");
        int bad = Array.FindIndex(chunk, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            long rows = chunk.Length / perRow;
            throw new PidInputException($"chunk value at problem {bad / (rows * Columns)}, row {Rows + bad / Columns % rows}, column {bad % Columns} is {chunk[bad]}; data must be finite.") { Row = Rows + bad / Columns % rows, Column = (int)(bad % Columns), Value = chunk[bad] };
        }
        if (chunk.Length == 0) return;
        if (host is not null)
        {
            AddOnHost(chunk, (int)(chunk.Length / perRow));
            return;
        }
        var acc = device.Accelerator;
        if (staging is null || staging.Length < chunk.Length)
        {
            staging?.Dispose();
            staging = acc.Allocate1D<float>(chunk.Length);
        }
        var view = staging.View.SubView(0, chunk.Length);
        device.Upload(view, chunk);
        Add(view, (int)(chunk.Length / perRow));
    }

    /// <summary>Adds a device-resident chunk (problems × rows × Columns floats); the first chunk fixes the shift.</summary>
    public void Add(ArrayView<float> chunk, int rows)
    {
        if (rows <= 0) return;
        if (chunk.Length < (long)Problems * rows * Columns)
            throw new PidInputException($"the chunk view holds {chunk.Length} floats; {Problems} × {rows} × {Columns} are needed.");
        if (host is not null)
        {
            var copy = new float[(long)Problems * rows * Columns];
            device.Download(chunk.SubView(0, copy.Length), copy);
            AddOnHost(copy, rows);
            return;
        }
        var acc = device.Accelerator;
        var kernels = KernelSet.For(acc).Covariance;
        if (!shifted)
        {
            kernels.LaunchShift(device.Stream, Columns, Problems, rows, chunk, shift!.View);
            shifted = true;
        }
        if (tiled)
            KernelSet.For(acc).GramTiles.LaunchAccumulate(device.Stream, shape, Problems, rows, Rows, chunk, shift!.View, partial!.View);
        else
            kernels.LaunchAccumulate(device.Stream, shape, Problems, rows, chunk, shift!.View, partial!.View);
        Rows += rows;
    }

    void AddOnHost(float[] chunk, int rows)
    {
        long perProblem = (long)rows * Columns;
        for (int p = 0; p < Problems; p++) host![p].Add(chunk.AsSpan((int)(p * perProblem), (int)perProblem));
        Rows += rows;
    }

    /// <summary>Writes means (problems × Columns) and ML covariances (problems × Columns², row-major) on the device.</summary>
    public void FinalizeInto(ArrayView<double> covariance, ArrayView<double> mean)
    {
        if (Rows == 0) throw new PidInputException("no rows were added, so there is no covariance.");
        if (host is not null)
        {
            var stream = device.Stream;
            for (int p = 0; p < Problems; p++)
            {
                var (c, m) = host[p].Result();
                device.Upload(covariance.SubView((long)p * c.Length, c.Length), c);
                device.Upload(mean.SubView((long)p * m.Length, m.Length), m);
            }
            stream.Synchronize();
            return;
        }
        KernelSet.For(device.Accelerator).Covariance.LaunchFinalize(device.Stream, shape, Problems, Rows,
            shift!.View, partial!.View, mean, covariance);
    }

    /// <summary>The covariances (one Columns×Columns matrix per problem) and means, downloaded.</summary>
    public (double[][,] Covariances, double[][] Means) Result()
    {
        var acc = device.Accelerator;
        using var cov = acc.Allocate1D<double>((long)Problems * Columns * Columns);
        using var mean = acc.Allocate1D<double>((long)Problems * Columns);
        FinalizeInto(cov.View, mean.View);
        var flatCov = device.Download<double>(cov.View);
        var flatMean = device.Download<double>(mean.View);
        var covs = new double[Problems][,];
        var means = new double[Problems][];
        for (int p = 0; p < Problems; p++)
        {
            covs[p] = GaussianInput.Unflatten(flatCov, Columns, (long)p * Columns * Columns);
            means[p] = flatMean.AsSpan(p * Columns, Columns).ToArray();
        }
        return (covs, means);
    }

    /// <summary>
    /// The partial statistics of one problem, to merge with another part's (<see cref="CovariancePartial.Merge"/>): on the
    /// host back-end the accumulator's own sums, bit for bit; on the device the finished moments (N, mean, N·C), which
    /// merge to the same covariance up to rounding.
    /// </summary>
    public CovariancePartial Partial(int problem = 0)
    {
        if (problem < 0 || problem >= Problems)
            throw new ArgumentOutOfRangeException(nameof(problem), $"problem {problem} of {Problems}.");
        if (host is not null) return host[problem].Partial();
        var (covariances, means) = Result();
        var cov = covariances[problem];
        var flat = new double[(long)Columns * Columns];
        for (int i = 0; i < Columns; i++)
            for (int j = 0; j < Columns; j++) flat[(long)i * Columns + j] = cov[i, j];
        return CovariancePartial.FromMoments(Rows, means[problem], flat);
    }

    public void Dispose()
    {
        shift?.Dispose();
        partial?.Dispose();
        staging?.Dispose();
    }
}
