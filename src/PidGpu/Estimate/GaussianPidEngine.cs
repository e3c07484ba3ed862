using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Estimate.Measures;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate;

/// <summary>
/// Gaussian PID of many same-shape covariances (e.g. one per layer) on the device, one launch for the batch.
/// Results come back in input order. The measure is a member of <see cref="PidMeasures"/> with a Gaussian form: MMI, or
/// BROJA, whose Gaussian form ~G-PID ("gpid") gives <see cref="GpidAtoms"/>.
/// </summary>
public sealed class GaussianPidEngine(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <exception cref="PidInputException">A covariance is malformed or has a singular block (the message names both), or the
    /// measure has no Gaussian form.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in the type of their first parameter, so a call never binds to the wrong one.")]
    public IReadOnlyList<PidAtoms> Decompose(IReadOnlyList<double[,]> covariances, int d1, int d2, int dy,
        IPidMeasure measure, GaussianOptions? options = null)
    {
        _ = SolvesUnion(measure); // a measure without a Gaussian form is refused before the upload
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
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in the type of their first parameter, so a call never binds to the wrong one.")]
    public IReadOnlyList<PidAtoms> Decompose(ArrayView<double> covariances, int problems, int d1, int d2, int dy,
        IPidMeasure measure, GaussianOptions? options = null)
    {
        options ??= new GaussianOptions();
        bool union = SolvesUnion(measure);
        GaussianInput.CheckDims(d1, d2, dy);
        GaussianInput.CheckOptions(options);
        var shape = new GaussianShape(d1, d2, dy);
        if (covariances.Length < problems * shape.CovLength)
            throw new PidInputException($"the covariance buffer holds {covariances.Length} doubles; {problems} problems of {shape.Dim}² need {problems * shape.CovLength}.");
        if (problems == 0) return [];

        var outcomes = Solve(covariances, shape, problems,
            GaussianPidSettings.Default(union, options.Ridge, options.TargetGapBits, options.MaxIterations));
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
            results[b] = union ? BrojaMeasure.FromOutcome(o) : MmiMeasure.FromOutcome(o);
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

    /// <summary>The one launch serves both Gaussian forms; ~G-PID (BROJA's) adds the union-information solve to MMI's terms.</summary>
    static bool SolvesUnion(IPidMeasure measure)
    {
        PidMeasures.RequireGaussianForm(measure);
        return measure == PidMeasures.Broja;
    }

    static string Label(int b, int count) => count == 1 ? "covariance" : $"covariance {b} (of {count})";
}
