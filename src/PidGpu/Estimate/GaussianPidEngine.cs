using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate;

/// <summary>
/// Gaussian PID of many same-shape covariances (e.g. one per layer) on the device, one launch for the batch.
/// Results come back in input order; <see cref="GaussianMeasure.Gpid"/> results are <see cref="GpidAtoms"/>.
/// </summary>
public sealed class GaussianPidEngine(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <exception cref="PidInputException">A covariance is malformed or has a singular block (the message names both).</exception>
    public IReadOnlyList<PidAtoms> Decompose(IReadOnlyList<double[,]> covariances, int d1, int d2, int dy,
        GaussianMeasure measure, GaussianOptions? options = null)
    {
        GaussianInput.CheckDims(d1, d2, dy);
        if (covariances.Count == 0) return [];
        var shape = new GaussianShape(d1, d2, dy);
        var flat = new double[covariances.Count * shape.CovLength];
        for (int b = 0; b < covariances.Count; b++)
        {
            GaussianInput.CheckCovariance(covariances[b], d1, d2, dy, Label(b, covariances.Count));
            GaussianInput.Flatten(covariances[b]).CopyTo(flat, b * shape.CovLength);
        }
        using var buffer = Device.Allocate<double>(flat);
        return Decompose(buffer.View, covariances.Count, d1, d2, dy, measure, options);
    }

    /// <summary>
    /// Covariances already on the device: [problems × (d1+d2+dy)²] row-major doubles, e.g. written by
    /// <see cref="ChunkedCovariance.FinalizeInto"/>. They are assumed symmetric.
    /// </summary>
    public IReadOnlyList<PidAtoms> Decompose(ArrayView<double> covariances, int problems, int d1, int d2, int dy,
        GaussianMeasure measure, GaussianOptions? options = null)
    {
        options ??= new GaussianOptions();
        GaussianInput.CheckDims(d1, d2, dy);
        GaussianInput.CheckOptions(options);
        var shape = new GaussianShape(d1, d2, dy);
        if (covariances.Length < problems * shape.CovLength)
            throw new PidInputException($"the covariance buffer holds {covariances.Length} doubles; {problems} problems of {shape.Dim}² need {problems * shape.CovLength}.");
        if (problems == 0) return [];

        var outcomes = Solve(covariances, shape, problems,
            GaussianPidSettings.Default(measure == GaussianMeasure.Gpid, options.Ridge, options.TargetGapBits, options.MaxIterations));
        var results = new PidAtoms[problems];
        for (int b = 0; b < problems; b++)
        {
            var o = outcomes[b];
            if (o.Status != (int)GaussianStatus.Ok)
            {
                var cov = GaussianInput.Unflatten(Device.Download(covariances.SubView(b * shape.CovLength, shape.CovLength)), shape.Dim);
                throw GaussianInput.Diagnose(GaussianInput.WithRidge(cov, d1, d2, dy, options.Ridge), d1, d2, dy,
                    (GaussianStatus)o.Status, Label(b, problems));
            }
            if (options.BiasCorrection is not null) o = options.BiasCorrection.Apply(o, shape);
            results[b] = measure == GaussianMeasure.Gpid ? GaussianAtoms.Gpid(o) : GaussianAtoms.Mmi(o);
        }
        return results;
    }

    /// <summary>Raw outcomes (nats) of one batched launch; the caller checks each Status.</summary>
    public GaussianPidOutcome[] Solve(ArrayView<double> covariances, GaussianShape shape, int problems, GaussianPidSettings settings)
    {
        var acc = Device.Accelerator;
        var stream = Device.Stream;
        using var workspace = acc.Allocate1D<double>(problems * shape.WorkspaceLength);
        using var outcomes = acc.Allocate1D<GaussianPidOutcome>(problems);
        KernelSet.For(acc).GaussianPid.Launch(stream, shape, problems, settings, covariances, workspace.View, outcomes.View);
        return Device.Download<GaussianPidOutcome>(outcomes.View, stream);
    }

    static string Label(int b, int count) => count == 1 ? "covariance" : $"covariance {b} (of {count})";
}
