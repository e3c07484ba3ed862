using System.Diagnostics;
using PidGpu.Formats;
using PidGpu.Gaussian;
using PidGpu.Pid;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu decompose --estimator gaussian --cov COV.npy --dims d1,d2,dy [--samples N]</c>: the Gaussian PID of a
/// covariance given directly (order X1, X2, Y), on the host: a covariance is small, so no accelerator is started.
/// </summary>
internal static class GaussianCovarianceCommand
{
    public static int Run(DecomposeOptions o, TextWriter stdout, TextWriter stderr, OutputGate gate)
    {
        var matrixFlags = new[] { ("--x1", o.X1), ("--x2", o.X2), ("--y", o.Y) }.Where(f => f.Item2 is not null).Select(f => f.Item1).ToArray();
        if (matrixFlags.Length > 0)
            throw new PidInputException($"--cov replaces the matrices; drop {string.Join(", ", matrixFlags)}.");
        var pipelineFlags = new List<string>();
        if (o.Pca is not null) pipelineFlags.Add("--pca");
        if (o.Gaussianize is not null) pipelineFlags.Add("--gaussianize");
        if (o.Bootstrap is not null) pipelineFlags.Add("--bootstrap");
        if (o.Permutations is not null) pipelineFlags.Add("--permutations");
        if (o.DropNonFinite) pipelineFlags.Add("--drop-nonfinite");
        if (pipelineFlags.Count > 0)
            throw new PidInputException($"{string.Join(", ", pipelineFlags)} need the samples (--x1/--x2/--y); a covariance alone cannot be resampled or transformed.");
        var (d1, d2, dy) = OptionValues.Dims(o.Dims);
        if (o.Samples is { } n && n <= d1 + d2 + dy)
            throw new PidInputException($"--samples {n} must exceed d1 + d2 + dy = {d1 + d2 + dy} for the covariance to be an estimate.");
        if (o.BiasCorrection && o.Samples is null)
            throw new PidInputException("--bias-correction with --cov needs --samples N (the number of samples behind the covariance).");
        var (wantMmi, wantGpid) = OptionValues.GaussianMeasures(o.Measure);
        var options = GaussianDecomposeCommand.SolverOptions(o) with
        {
            BiasCorrection = o.BiasCorrection ? new LogDetBiasCorrection(o.Samples!.Value) : null,
        };
        if (o.Out is { } outPath) OutputPath.Check(outPath, DecomposeCommand.Inputs(o));

        var cov = CovarianceReader.Read(o.Cov!, d1, d2, dy);
        stderr.WriteLine($"device: {DecomposeCommand.HostDevice.Replace("a joint table", "a covariance", StringComparison.Ordinal)}");
        stderr.WriteLine($"input: covariance {o.Cov} (d1={d1}, d2={d2}, dy={dy}{(o.Samples is { } s ? $", N={s}" : "")})");

        long start = Stopwatch.GetTimestamp();
        PidAtoms? mmi = wantMmi ? GaussianDecomposeCommand.WithRidgeFlag(() => GaussianPid.FromCovariance(cov, d1, d2, dy, GaussianMeasure.Mmi, options)) : null;
        var gpid = wantGpid ? (GaussianBrojaAtoms)GaussianDecomposeCommand.WithRidgeFlag(() => GaussianPid.FromCovariance(cov, d1, d2, dy, GaussianMeasure.Broja, options)) : null;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        ResultTable.Write(stdout, mmi, gpid);
        gate.BeginWriting();
        if (o.Out is { } path)
        {
            var input = new GaussianInputDescription($"cov={o.Cov}", o.Cov!, o.Cov!, o.Cov!, d1, d2, dy, o.Samples ?? 0, o.Samples ?? 0, 0);
            AtomicFile.WriteAllText(path, GaussianResultJson.Serialize(input, options, "host", mmi, gpid, seconds));
        }
        return GaussianDecomposeCommand.GpidExitCode(gpid, options.TargetGapBits, stderr);
    }
}
