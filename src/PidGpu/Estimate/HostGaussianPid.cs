using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate;

/// <summary>
/// One covariance through <see cref="GaussianPidCore"/> on the host: the per-problem code the device batch
/// (<see cref="GaussianPidEngine"/>) runs, so both Gaussian forms (MMI, ~G-PID) compute their information terms in one place.
/// </summary>
internal static class HostGaussianPid
{
    /// <summary>The outcome (nats), bias-corrected when the options ask for it.</summary>
    /// <param name="solveUnion">Also minimise the union information (~G-PID); MMI needs the three information terms only.</param>
    /// <exception cref="PidInputException">Bad shape, non-finite or asymmetric input, bad options, or a singular block (named).</exception>
    public static GaussianPidOutcome Run(double[,] covariance, int d1, int d2, int dy, GaussianOptions options, bool solveUnion)
    {
        GaussianInput.CheckCovariance(covariance, d1, d2, dy);
        GaussianInput.CheckOptions(options);
        var shape = new GaussianShape(d1, d2, dy);
        var settings = GaussianPidSettings.Default(solveUnion, options.Ridge, options.TargetGapBits, options.MaxIterations);
        var outcome = GaussianPidCore.Run(new ArrayScratch(GaussianInput.Flatten(covariance)),
            new ArrayScratch(new double[shape.WorkspaceLength]), shape, settings);
        if (outcome.Status != (int)GaussianStatus.Ok)
            throw GaussianInput.Diagnose(GaussianInput.WithRidge(covariance, d1, d2, dy, options.Ridge), d1, d2, dy, (GaussianStatus)outcome.Status);
        return options.BiasCorrection is { } correction ? correction.Apply(outcome, shape) : outcome;
    }
}
