using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Formats.Arrays;
using PidGpu.Gaussian;
using PidGpu.Pid;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu decompose --estimator gaussian</c>: streams the activation matrices X1 (N×d1), X2 (N×d2), Y (N×dy)
/// row by row into the joint covariance of [X1 | X2 | Y] on the device, then decomposes it (MMI and/or ~G-PID).
/// Cheap checks (options, files, shapes, non-finite values) all run before the device starts.
/// </summary>
internal static class GaussianDecomposeCommand
{
    /// <summary>Rows per streamed chunk (fewer when rows are wide, so a chunk stays around 16 M floats).</summary>
    const int ChunkRows = 65_536;
    const long ChunkValues = 1L << 24;

    public static int Run(DecomposeOptions o, TextWriter stdout, TextWriter stderr, OutputGate gate)
    {
        var rejected = new List<string>();
        if (o.Bins is not null) rejected.Add("--bins");
        if (o.Binning is not null) rejected.Add("--binning");
        if (o.Joint is not null) rejected.Add("--joint");
        if (o.Counts is not null) rejected.Add("--counts");
        if (o.Joints is not null) rejected.Add("--joints");
        if (o.Solver is not null) rejected.Add("--solver");
        if (rejected.Count > 0)
            throw new PidInputException($"{string.Join(", ", rejected)} {(rejected.Count == 1 ? "does" : "do")} not apply to --estimator gaussian, " +
                "which fits a Gaussian to the activation matrices --x1, --x2, --y (no binning); drop " +
                (rejected.Count == 1 ? "it" : "them") + " or use --estimator discrete.");
        if (o.Cov is not null) return GaussianCovarianceCommand.Run(o, stdout, stderr, gate);
        if (o.Dims is not null || o.Samples is not null)
            throw new PidInputException("--dims and --samples apply only with --cov.");
        string[] flags = ["--x1", "--x2", "--y"];
        string?[] specs = [o.X1, o.X2, o.Y];
        var missing = flags.Where((_, i) => specs[i] is null).ToArray();
        if (missing.Length > 0)
            throw new PidInputException($"--estimator gaussian needs the matrices --x1, --x2 and --y; missing {string.Join(", ", missing)}.");

        var (wantMmi, wantGpid) = OptionValues.GaussianMeasures(o.Measure);
        var kind = OptionValues.Device(o.Device);
        var options = SolverOptions(o);
        var pipeline = PipelineOptions.From(o, wantMmi, wantGpid, options);
        if (o.Out is { } outPath) OutputPath.Check(outPath, DecomposeCommand.Inputs(o));

        var sources = new List<IMatrixSource>();
        try
        {
            foreach (var spec in specs) sources.Add(ArrayFile.Open(spec!));
            if (pipeline.NeedsPipeline(sources))
                return PidFlowCommand.Decompose(o, sources, pipeline, kind, stdout, stderr, gate);
            return Decompose(o, sources, wantMmi, wantGpid, kind, options, stdout, stderr, gate);
        }
        finally
        {
            foreach (var s in sources) s.Dispose();
        }
    }

    /// <summary>--ridge, --target-gap and --max-iterations as the Gaussian solvers' options, checked.</summary>
    internal static GaussianOptions SolverOptions(DecomposeOptions o)
    {
        double ridge = o.Ridge ?? 0;
        if (!double.IsFinite(ridge) || ridge < 0)
            throw new PidInputException($"--ridge must be a finite number >= 0 (got {ridge}).");
        var defaults = new GaussianOptions();
        double targetGap = o.TargetGap ?? defaults.TargetGapBits;
        int maxIterations = o.MaxIterations ?? defaults.MaxIterations;
        DecomposeCommand.CheckIterationSettings(targetGap, maxIterations);
        return new GaussianOptions(ridge, targetGap, maxIterations);
    }

    static int Decompose(DecomposeOptions o, IReadOnlyList<IMatrixSource> m, bool wantMmi, bool wantGpid, DeviceKind kind,
        GaussianOptions options, TextWriter stdout, TextWriter stderr, OutputGate gate)
    {
        var (x1, x2, y) = (m[0], m[1], m[2]);
        if (x1.Rows != x2.Rows || x1.Rows != y.Rows)
            throw new PidInputException($"--x1, --x2 and --y must have the same number of rows (samples), got " +
                $"{x1.Rows} ({x1.Source}), {x2.Rows} ({x2.Source}) and {y.Rows} ({y.Source}).");
        int d1 = x1.Columns, d2 = x2.Columns, dy = y.Columns;
        int d = d1 + d2 + dy;
        long rows = x1.Rows;
        CheckEnoughSamples(rows, d, d1, d2, dy, "");
        if (!o.DropNonFinite)
            foreach (var s in m)
                if (s.FindFirstNonFinite() is { } bad)
                    throw new PidInputException($"{s.Source}: row {bad.Row}, column {bad.Column} (counted from 0) is not finite (NaN or infinite); " +
                        "fix the data or pass --drop-nonfinite to skip such rows.");

        using var device = PidDevice.Create(kind);
        stderr.WriteLine($"device: {device.Description}");

        // The covariance is accumulated on the device (ChunkedCovariance); only the small d×d result comes back.
        double[,] cov;
        long used, dropped;
        using (var accumulator = new ChunkedCovariance(device, d))
        {
            (used, dropped) = Stream(m, d, accumulator);
            if (dropped > 0)
                stderr.WriteLine($"dropped {dropped} of {rows} rows with a NaN or infinite value (--drop-nonfinite); {used} rows used.");
            CheckEnoughSamples(used, d, d1, d2, dy, dropped > 0 ? $" after dropping {dropped} rows with non-finite values" : "");
            cov = accumulator.Result().Covariances[0];
        }
        if (o.BiasCorrection) options = options with { BiasCorrection = new LogDetBiasCorrection(used) };
        Symmetrize(cov);
        CheckVariances(cov, m, d1, d2);
        string description = $"x1={x1.Source}, x2={x2.Source}, y={y.Source}";
        stderr.WriteLine($"input: gaussian {description} (N={used}, d1={d1}, d2={d2}, dy={dy})");

        // Both measures run on the device engine (GaussianPidEngine, the batched kernel with one problem here);
        // the host GaussianPid runs the same core and would give the same atoms for this tiny d×d solve.
        var engine = new GaussianPidEngine(device);
        long solveStart = System.Diagnostics.Stopwatch.GetTimestamp();
        PidAtoms? mmi = wantMmi ? Solve(engine, cov, d1, d2, dy, GaussianMeasure.Mmi, options) : null;
        var gpid = wantGpid ? (GaussianBrojaAtoms)Solve(engine, cov, d1, d2, dy, GaussianMeasure.Broja, options) : null;

        ResultTable.Write(stdout, mmi, gpid);
        gate.BeginWriting();
        if (o.Out is { } path)
        {
            var input = new GaussianInputDescription(description, x1.Source, x2.Source, y.Source, d1, d2, dy, rows, used, dropped);
            AtomicFile.WriteAllText(path, GaussianResultJson.Serialize(input, options, device.Description, mmi, gpid,
                System.Diagnostics.Stopwatch.GetElapsedTime(solveStart).TotalSeconds));
        }
        return GpidExitCode(gpid, options.TargetGapBits, stderr);
    }

    /// <summary>Exit 3 with a warning when ~G-PID missed its target gap, else 0 (every Gaussian route ends here).</summary>
    internal static int GpidExitCode(GaussianBrojaAtoms? gpid, double targetGapBits, TextWriter stderr)
    {
        if (gpid is not { Converged: false }) return ExitCodes.Success;
        stderr.WriteLine($"warning: gpid stopped after {gpid.Iterations} iterations with gap {gpid.GapBits:E2} bits " +
            $"> --target-gap {targetGapBits:E2}; its atoms are approximate (exit code {ExitCodes.NotConverged}).");
        return ExitCodes.NotConverged;
    }

    /// <summary>Reads the three matrices in row chunks, joins each sample as [x1 | x2 | y] and adds it; returns (used, dropped) rows.</summary>
    static (long Used, long Dropped) Stream(IReadOnlyList<IMatrixSource> m, int d, ChunkedCovariance accumulator)
    {
        long rows = m[0].Rows;
        int chunkRows = (int)Math.Max(1, Math.Min(ChunkRows, ChunkValues / d));
        chunkRows = (int)Math.Min(chunkRows, rows);
        var parts = m.Select(s => new float[(long)chunkRows * s.Columns]).ToArray();
        var joint = new float[(long)chunkRows * d];
        long used = 0, dropped = 0;
        for (long first = 0; first < rows; first += chunkRows)
        {
            int n = (int)Math.Min(chunkRows, rows - first);
            for (int k = 0; k < m.Count; k++) m[k].ReadRows(first, parts[k].AsSpan(0, n * m[k].Columns));
            int kept = 0;
            for (int r = 0; r < n; r++)
            {
                var target = joint.AsSpan(kept * d, d);
                int offset = 0;
                bool finite = true;
                for (int k = 0; k < m.Count; k++)
                {
                    int c = m[k].Columns;
                    var row = parts[k].AsSpan(r * c, c);
                    foreach (var v in row) finite &= float.IsFinite(v);
                    row.CopyTo(target.Slice(offset, c));
                    offset += c;
                }
                if (finite) kept++;
                else dropped++;
            }
            if (kept == 0) continue;
            accumulator.Add((long)kept * d == joint.Length ? joint : joint.AsSpan(0, kept * d).ToArray());
            used += kept;
        }
        return (used, dropped);
    }

    static void CheckEnoughSamples(long n, int d, int d1, int d2, int dy, string after)
    {
        if (n <= d)
            throw new PidInputException($"too few samples for the covariance: {n} rows{after}, but d1+d2+dy = {d1}+{d2}+{dy} = {d} " +
                $"dimensions need more than {d} (in practice many more).");
    }

    /// <summary>The device sums in a fixed order per element; make the result exactly symmetric for the solver's check.</summary>
    static void Symmetrize(double[,] cov)
    {
        int n = cov.GetLength(0);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                cov[i, j] = cov[j, i] = 0.5 * (cov[i, j] + cov[j, i]);
    }

    /// <summary>A constant column makes its block singular; name it rather than the block.</summary>
    static void CheckVariances(double[,] cov, IReadOnlyList<IMatrixSource> m, int d1, int d2)
    {
        int[] starts = [0, d1, d1 + d2];
        for (int k = 0; k < 3; k++)
            for (int c = 0; c < m[k].Columns; c++)
                if (!(cov[starts[k] + c, starts[k] + c] > 0))
                    throw ConstantColumns.Error(k, c, m[k].Source, "zero variance");
    }

    static PidAtoms Solve(GaussianPidEngine engine, double[,] cov, int d1, int d2, int dy, GaussianMeasure measure, GaussianOptions options)
        => WithRidgeFlag(() => engine.Decompose([cov], d1, d2, dy, measure, options)[0]);

    /// <summary>Runs a Gaussian solve; where the library says a ridge would help (its error's setting field), the remedy is
    /// worded as the flag that sets it.</summary>
    internal static T WithRidgeFlag<T>(Func<T> solve)
    {
        try
        {
            return solve();
        }
        catch (PidInputException ex) when (ex.Setting == GaussianInformation.RidgeSetting)
        {
            throw new PidInputException($"{ex.Problem ?? ex.Message}: --ridge {ex.SuggestedValue} adds {ex.SuggestedValue} × the mean diagonal " +
                "of each of the X1, X2, Y blocks.", ex);
        }
    }
}
