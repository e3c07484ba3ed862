using System.Diagnostics;
using PidGpu.Formats;
using PidGpu.Estimate;
using PidGpu.Progress;

namespace PidGpu.Runs;

/// <summary>The Gaussian PID of a covariance given directly (order X1, X2, Y), on the host: a covariance is small, so no
/// accelerator is started.</summary>
static class CovarianceRoute
{
    /// <summary>What is recorded as the device on stderr.</summary>
    const string HostNote = "host (a covariance needs no accelerator)";

    public static GaussianRunResult Run(GaussianRequest r, CovarianceInput input, IProgressSink sink)
    {
        if (r.BiasCorrection && input.Samples is null)
            throw new PidInputException("the bias correction of a covariance needs the number of samples behind it.")
            {
                Setting = CovarianceInput.SamplesSetting,
            };
        var options = r.Options with { BiasCorrection = r.BiasCorrection ? new LogDetBiasCorrection(input.Samples!.Value) : null };
        var (d1, d2, dy) = (input.D1, input.D2, input.DY);
        var cov = CovarianceReader.Read(input.Path, d1, d2, dy);
        sink.Log($"device: {HostNote}");
        sink.Log($"input: covariance {input.Path} (d1={d1}, d2={d2}, dy={dy}{(input.Samples is { } s ? $", N={s}" : "")})");

        long start = Stopwatch.GetTimestamp();
        PidAtoms? mmi = r.Measures.Contains(PidMeasures.Mmi) ? PidMeasures.Mmi.Gaussian(cov, d1, d2, dy, options) : null;
        var gpid = r.Measures.Contains(PidMeasures.Broja) ? (GpidAtoms)PidMeasures.Broja.Gaussian(cov, d1, d2, dy, options) : null;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long samples = input.Samples ?? 0;
        var description = new GaussianInputDescription($"cov={input.Path}", input.Path, input.Path, input.Path, d1, d2, dy, samples, samples, 0);
        return new GaussianRunResult(description, options, "host", mmi, gpid, seconds);
    }
}
