using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate;

/// <summary>
/// Host (double, single-threaded) Gaussian PID of one covariance over [X1 (d1), X2 (d2), Y (dy)], in bits.
/// MMI is closed form; ~G-PID runs <see cref="GaussianPidCore"/>, the same code the device batch
/// (<see cref="GaussianPidEngine"/>) runs per problem.
/// </summary>
public static class GaussianPid
{
    /// <summary><see cref="GaussianMeasure.Gpid"/> returns a <see cref="GpidAtoms"/>.</summary>
    /// <exception cref="PidInputException">Bad shape, non-finite or asymmetric input, or a singular block (named).</exception>
    public static PidAtoms FromCovariance(double[,] cov, int d1, int d2, int dy, GaussianMeasure measure, GaussianOptions? options = null)
        => measure switch
        {
            GaussianMeasure.Mmi => Mmi(cov, d1, d2, dy, options?.Ridge ?? 0, options?.BiasCorrection),
            GaussianMeasure.Gpid => Gpid(cov, d1, d2, dy, options),
            _ => throw new PidInputException($"unknown Gaussian measure {measure}."),
        };

    /// <summary>
    /// Minimum mutual information (Barrett 2015): R = min(I(X1;Y), I(X2;Y)), the other atoms by the consistency
    /// equations; each I from Cholesky log-determinants, I(A;B) = ½ log2(det Σ_A det Σ_B / det Σ_AB).
    /// </summary>
    /// <param name="biasCorrection">Optional small-sample correction of the three terms (<see cref="LogDetBiasCorrection"/>).</param>
    public static PidAtoms Mmi(double[,] cov, int d1, int d2, int dy, double ridge = 0, LogDetBiasCorrection? biasCorrection = null)
    {
        GaussianInput.CheckCovariance(cov, d1, d2, dy);
        GaussianInput.CheckOptions(new GaussianOptions(Ridge: ridge));
        var c = GaussianInput.WithRidge(cov, d1, d2, dy, ridge);
        int[] x1 = Enumerable.Range(0, d1).ToArray(), x2 = Enumerable.Range(d1, d2).ToArray(), y = Enumerable.Range(d1 + d2, dy).ToArray();
        double i1 = GaussianInformation.MutualInformationBits(c, x1, y, "X1", "Y");
        double i2 = GaussianInformation.MutualInformationBits(c, x2, y, "X2", "Y");
        double i12 = GaussianInformation.MutualInformationBits(c, [.. x1, .. x2], y, "(X1,X2)", "Y");
        if (biasCorrection is not null)
        {
            i1 += biasCorrection.MutualInformationShift(d1, dy) * GaussianPidCore.Log2E;
            i2 += biasCorrection.MutualInformationShift(d2, dy) * GaussianPidCore.Log2E;
            i12 += biasCorrection.MutualInformationShift(d1 + d2, dy) * GaussianPidCore.Log2E;
        }
        return PidAtoms.Mmi(i1, i2, i12);
    }

    /// <summary>
    /// ~G-PID (Venkatesh et al., NeurIPS 2023, arXiv 2307.10515): union information
    /// m = min over jointly Gaussian Q ∈ Δ_P of I_Q(Y; X1, X2); U1 = m − I(Y;X2), U2 = m − I(Y;X1),
    /// R = I(Y;X1) + I(Y;X2) − m, S = I(Y;X1,X2) − m, each within the returned certified gap.
    /// </summary>
    public static GpidAtoms Gpid(double[,] cov, int d1, int d2, int dy, GaussianOptions? options = null)
    {
        options ??= new GaussianOptions();
        GaussianInput.CheckCovariance(cov, d1, d2, dy);
        GaussianInput.CheckOptions(options);
        var shape = new GaussianShape(d1, d2, dy);
        var settings = GaussianPidSettings.Default(true, options.Ridge, options.TargetGapBits, options.MaxIterations);
        var outcome = GaussianPidCore.Run(new ArrayScratch(GaussianInput.Flatten(cov)),
            new ArrayScratch(new double[shape.WorkspaceLength]), shape, settings);
        if (outcome.Status != (int)GaussianStatus.Ok)
            throw GaussianInput.Diagnose(GaussianInput.WithRidge(cov, d1, d2, dy, options.Ridge), d1, d2, dy, (GaussianStatus)outcome.Status);
        if (options.BiasCorrection is not null) outcome = options.BiasCorrection.Apply(outcome, shape);
        return GaussianAtoms.Gpid(outcome);
    }
}
