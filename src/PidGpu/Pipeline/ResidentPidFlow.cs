using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Gaussianize;
using PidGpu.Reduce;
using PidGpu.Uncertainty;

namespace PidGpu.Pipeline;

/// <summary>
/// <see cref="PidFlow"/> with the data kept on the device from the activations to the atoms: each variable is uploaded once
/// (N×d floats), reduced there (<see cref="ResidentPca"/>), its scores written into the joined [X1 | X2 | Y] matrix, which is
/// copula-transformed in place and handed to the Gaussian PID and its resampling on the device. The host reads back the
/// atoms (one outcome per full sample, bootstrap or permutation replicate) and O(m²) numbers per subspace iteration
/// (m = k + oversampling) plus a few scalars; <see cref="PidDevice.Transfers"/> counts them. Meant for accelerators (CUDA);
/// on ILGPU's CPU accelerator <see cref="PidFlow"/>'s host back-ends are faster. Supports what the layer-wise route uses: a fixed
/// PCA size (or none), the copula or no Gaussianizer, finite data (<see cref="Supports"/>).
/// </summary>
public sealed class ResidentPidFlow(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <summary>Floats read from a source per upload chunk.</summary>
    const int ChunkValues = 1 << 22;

    /// <summary>Whether this route can run <paramref name="settings"/>: no variance-share PCA, no learned Gaussianizer, no dropped rows.</summary>
    public static bool Supports(PidFlowSettings settings) =>
        !settings.PcaComponents.IsFraction && !settings.DropNonFinite && settings.Gaussianizer is null or CopulaStage;

    /// <exception cref="PidInputException">Mismatched rows, a non-finite value or constant column (named), too few samples,
    /// or settings this route does not support.</exception>
    public ResidentFlowResult Run(IMatrixSource x1, IMatrixSource x2, IMatrixSource y, PidFlowSettings settings)
    {
        if (!Supports(settings))
            throw new PidInputException("the device-resident route takes a fixed PCA size, the copula or no Gaussianizer, and no dropped rows.")
            { Setting = nameof(PidFlowSettings.Gaussianizer) };
        PidMeasures.RequireGaussianForms(settings.Measures);
        IMatrixSource[] sources = [x1, x2, y];
        if (x1.Rows != x2.Rows || x1.Rows != y.Rows)
            throw new PidInputException($"X1, X2 and Y must have the same number of rows (samples), got " +
                $"{x1.Rows} ({x1.Source}), {x2.Rows} ({x2.Source}) and {y.Rows} ({y.Source}).");
        int rows = checked((int)x1.Rows);
        string[] names = ["X1", "X2", "Y"];
        var acc = Device.Accelerator;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var inputs = new MemoryBuffer1D<float, Stride1D.Dense>?[3];
        var models = new ResidentPca?[3];
        try
        {
            for (int v = 0; v < 3; v++)
            {
                inputs[v] = Upload(sources[v]);
                if (settings.PcaComponents.Reduces(sources[v].Columns))
                    models[v] = ResidentPca.Fit(Device, sources[v].Source, inputs[v]!.View, rows, sources[v].Columns, settings.PcaComponents.Options);
            }
            var columns = Enumerable.Range(0, 3).Select(v => models[v]?.Kept ?? sources[v].Columns).ToArray();
            int d = columns.Sum();
            if (rows <= d)
                throw new PidInputException($"too few samples for the covariance: {rows} rows, but the reduced " +
                    $"variables have {columns[0]}+{columns[1]}+{columns[2]} = {d} dimensions (need more rows than that; in practice many more).");
            using var joined = acc.Allocate1D<double>((long)rows * d);
            for (int v = 0, offset = 0; v < 3; offset += columns[v], v++)
            {
                if (models[v] is { } model) model.ProjectInto(inputs[v]!.View, rows, joined.View, d, offset);
                else KernelSet.For(acc).ResidentPca.LaunchWiden(Device.Stream,
                    new Kernels.Reduce.ProjectionLayout(rows, columns[v], columns[v], d, offset), inputs[v]!.View, joined.View);
                inputs[v]!.Dispose();
                inputs[v] = null;
            }
            Device.Stream.Synchronize();
            double reduceSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();

            // Ranks are per column, so one transform of the joined matrix is the per-variable transform of each block.
            if (settings.Gaussianizer is not null)
                new CopulaGaussianizer(Device) { OnHost = false }.TransformInPlace(Device.Stream, joined.View, rows, d, "reduced [X1 | X2 | Y]");
            Device.Stream.Synchronize();
            double gaussianizeSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();

            if (settings.BiasCorrection)
                settings = settings with { Gaussian = settings.Gaussian with { BiasCorrection = new LogDetBiasCorrection(rows) } };
            var resampler = new GaussianResampler(Device);
            var mmi = settings.Measures.Contains(PidMeasures.Mmi) ? PidFlow.Estimated(resampler, joined.View, rows, columns, PidMeasures.Mmi, settings) : null;
            var gpid = settings.Measures.Contains(PidMeasures.Broja) ? PidFlow.Estimated(resampler, joined.View, rows, columns, PidMeasures.Broja, settings) : null;
            var variables = Enumerable.Range(0, 3).Select(v => Describe(names[v], sources[v], models[v])).ToArray();
            return new ResidentFlowResult(rows, variables, mmi, gpid)
            {
                Timings = new PidFlowTimings(reduceSeconds, gaussianizeSeconds, clock.Elapsed.TotalSeconds),
            };
        }
        finally
        {
            foreach (var b in inputs) b?.Dispose();
            foreach (var m in models) m?.Dispose();
        }
    }

    static ResidentVariable Describe(string name, IMatrixSource source, ResidentPca? model) => model is null
        ? new ResidentVariable(name, source.Source, source.Columns, source.Columns, null, source.Columns, 0, 0, true)
        : new ResidentVariable(name, source.Source, source.Columns, model.Kept, model.Eigenvalues, model.Trace, model.Residual,
            model.Iterations, model.Converged);

    /// <summary>The source's N×d floats on the device, read and checked for non-finite values chunk by chunk on the host:
    /// the one upload of this variable.</summary>
    MemoryBuffer1D<float, Stride1D.Dense> Upload(IMatrixSource source)
    {
        int d = source.Columns;
        var buffer = Device.Accelerator.Allocate1D<float>(source.Rows * d);
        try
        {
            foreach (var chunk in RowChunks.Read(source, ChunkValues, checkFinite: true))
                Device.Upload(buffer.View.SubView(chunk.First * d, chunk.Length), chunk.Values);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
