using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Uncertainty;
using PidGpu.Gaussianize;
using PidGpu.Reduce;

namespace PidGpu.Pipeline;

/// <summary>
/// "PID Flow" (arXiv 2602.15580) on activation matrices X1 (N×d1), X2 (N×d2), Y (N×dy): PCA of each variable on the device
/// (<see cref="VariableReducer"/>), optional Gaussianization (<see cref="IGaussianizer"/>: copula or a learned flow, the
/// latter trained on a held-out split), then the Gaussian PID (MMI, ~G-PID) of the joint covariance with optional
/// bootstrap intervals and shuffled-Y nulls (<see cref="GaussianResampler"/>).
/// </summary>
public sealed class PidFlow(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <exception cref="PidInputException">Mismatched rows, non-finite values, constant columns, too few samples, bad settings.</exception>
    public PidFlowResult Run(IMatrixSource x1, IMatrixSource x2, IMatrixSource y, PidFlowSettings settings)
    {
        IMatrixSource[] sources = [x1, x2, y];
        PidMeasures.RequireGaussianForms(settings.Measures);
        if (x1.Rows != x2.Rows || x1.Rows != y.Rows)
            throw new PidInputException($"X1, X2 and Y must have the same number of rows (samples), got " +
                $"{x1.Rows} ({x1.Source}), {x2.Rows} ({x2.Source}) and {y.Rows} ({y.Source}).");
        if (!(settings.TrainFraction > 0 && settings.TrainFraction < 1))
            throw new PidInputException($"the training share of a learned Gaussianizer must lie strictly between 0 and 1, got {settings.TrainFraction}.");
        long inputRows = x1.Rows;
        long[]? kept = null;
        if (settings.DropNonFinite) kept = NonFiniteRows.KeptRows(sources);
        else
            foreach (var s in sources)
                if (s.FindFirstNonFinite() is { } bad)
                    throw NonFiniteRows.Error(s, bad.Row, bad.Column, PidFlowSettings.DropNonFiniteSetting);
        if (kept is not null) sources = sources.Select(s => (IMatrixSource)new RowSubsetSource(s, kept)).ToArray();
        long dropped = inputRows - sources[0].Rows;

        string[] names = ["X1", "X2", "Y"];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reduced = new ReducedVariable[3];
        for (int v = 0; v < 3; v++)
            reduced[v] = VariableReducer.Reduce(Device, names[v], sources[v], settings.PcaComponents);
        int rows = reduced[0].Rows;
        double reduceSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();

        var (fit, evaluated) = Split(rows, settings);
        var reports = new List<GaussianizeReport>();
        var columns = reduced.Select(r => r.Columns).ToArray();
        var gaussian = new double[3][];
        for (int v = 0; v < 3; v++)
        {
            // With every row evaluated the reduced data serve as they are: an N×k copy less.
            var evalData = fit is null ? reduced[v].Data : Gather(reduced[v], evaluated);
            if (settings.Gaussianizer is { } g)
            {
                var fitData = fit is null ? evalData : Gather(reduced[v], fit);
                var (result, report) = g.Gaussianize(names[v], fitData, fit?.Length ?? evaluated.Length, evalData, evaluated.Length, columns[v]);
                gaussian[v] = result;
                reports.Add(report);
            }
            else gaussian[v] = evalData;
        }

        double gaussianizeSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        int d = columns.Sum();
        if (evaluated.Length <= d)
            throw new PidInputException($"too few samples for the covariance: {evaluated.Length} evaluated rows, but the reduced " +
                $"variables have {columns[0]}+{columns[1]}+{columns[2]} = {d} dimensions (need more rows than that; in practice many more).");
        if (settings.BiasCorrection)
            settings = settings with { Gaussian = settings.Gaussian with { BiasCorrection = new LogDetBiasCorrection(evaluated.Length) } };
        var resampler = new GaussianResampler(Device);
        using var buffer = Join(Device, gaussian, columns, evaluated.Length);
        GaussianEstimate Estimate(IPidMeasure m) =>
            Estimated(resampler, buffer.View, evaluated.Length, columns, m, settings);
        var mmi = settings.Measures.Contains(PidMeasures.Mmi) ? Estimate(PidMeasures.Mmi) : null;
        var gpid = settings.Measures.Contains(PidMeasures.Broja) ? Estimate(PidMeasures.Broja) : null;
        return new PidFlowResult(inputRows, dropped, fit?.Length ?? 0, evaluated.Length, reduced, reports, mmi, gpid)
        {
            Timings = new PidFlowTimings(reduceSeconds, gaussianizeSeconds, clock.Elapsed.TotalSeconds),
        };
    }

    /// <summary>Atoms of one measure on the joined device data, with the bootstrap and permutation summaries the settings ask for.</summary>
    internal static GaussianEstimate Estimated(GaussianResampler resampler, ArrayView<double> z, int rows, int[] c, IPidMeasure m, PidFlowSettings s)
    {
        var r = s.Resampling;
        var atoms = resampler.ObservedAtoms(z, rows, c[0], c[1], c[2], m, s.Gaussian);
        var boot = r.Bootstrap > 0
            ? ReplicateStatistics.Bootstrap(atoms, resampler.BootstrapAtoms(z, rows, c[0], c[1], c[2], m, r, s.Gaussian), r.Seed, r.LowerQuantile, r.UpperQuantile)
            : null;
        var perm = r.Permutations > 0
            ? ReplicateStatistics.Permutation(atoms, resampler.PermutationAtoms(z, rows, c[0], c[1], c[2], m, r, s.Gaussian), r.Seed, r.NullQuantile)
            : null;
        return new GaussianEstimate(atoms, boot, perm);
    }

    /// <summary>Fit and evaluation rows (each sorted): a seeded shuffle split when the Gaussianizer learns, else all rows evaluated.</summary>
    static (int[]? Fit, int[] Evaluated) Split(int rows, PidFlowSettings s)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        if (s.Gaussianizer is not { NeedsTrainingSplit: true }) return (null, all);
        new Random(s.Seed).Shuffle(all);
        int fitRows = (int)Math.Round(rows * s.TrainFraction);
        if (fitRows < 2 || rows - fitRows < 2)
            throw new PidInputException($"{rows} rows cannot be split into a training and an evaluation part (training share {s.TrainFraction}).");
        var fit = all[..fitRows];
        var evaluated = all[fitRows..];
        Array.Sort(fit);
        Array.Sort(evaluated);
        return (fit, evaluated);
    }

    static double[] Gather(ReducedVariable v, int[] rows)
    {
        int c = v.Columns;
        var result = new double[(long)rows.Length * c];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(v.Data, (long)rows[i] * c, result, (long)i * c, c);
        return result;
    }

    /// <summary>Rows joined per chunk before they go to the device.</summary>
    const int JoinChunkRows = 16_384;

    /// <summary>Row-major [X1 | X2 | Y] on the device, joined chunk by chunk on the host (no N×d host copy).</summary>
    internal static MemoryBuffer1D<double, Stride1D.Dense> Join(PidDevice device, double[][] parts, int[] columns, int rows)
    {
        int d = columns.Sum();
        var buffer = device.Accelerator.Allocate1D<double>((long)rows * d);
        var chunk = new double[(long)Math.Min(rows, JoinChunkRows) * d];
        for (int first = 0; first < rows; first += JoinChunkRows)
        {
            int count = Math.Min(JoinChunkRows, rows - first);
            for (int r = 0; r < count; r++)
            {
                int offset = 0;
                for (int v = 0; v < parts.Length; v++)
                {
                    Array.Copy(parts[v], (long)(first + r) * columns[v], chunk, (long)r * d + offset, columns[v]);
                    offset += columns[v];
                }
            }
            device.Upload(buffer.View.SubView((long)first * d, (long)count * d), chunk.AsSpan(0, count * d));
        }
        device.Stream.Synchronize();
        return buffer;
    }
}
