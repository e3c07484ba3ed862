namespace PidGpu.Estimate;

/// <summary>Settings of the Gaussian PID.</summary>
/// <param name="Ridge">
/// Optional relative ridge ε ≥ 0: each of the X1, X2 and Y blocks gets ε × the mean of its own diagonal added to
/// its diagonal (per block, so the result stays invariant to rescaling one variable group). Use a small value
/// (e.g. 1e-6) when a covariance is singular, e.g. more PCA components than samples support. 0 = none.
/// </param>
/// <param name="TargetGapBits">~G-PID: stop once the certified optimality gap is at most this many bits.</param>
/// <param name="MaxIterations">~G-PID: give up (Converged = false) after this many projected-gradient steps.</param>
/// <param name="BiasCorrection">
/// Optional small-sample correction of the mutual-information terms (null = plug-in). MMI: I(Y;X1), I(Y;X2),
/// I(Y;X1,X2) are corrected and every atom follows from them. ~G-PID: the same three terms are corrected and the
/// union information is shifted with I(Y;X1,X2), so S keeps the optimiser's value (see <see cref="LogDetBiasCorrection.Apply"/>).
/// </param>
public sealed record GaussianOptions(double Ridge = 0, double TargetGapBits = PidDefaults.GpidTargetGapBits, int MaxIterations = PidDefaults.GpidMaxIterations,
    LogDetBiasCorrection? BiasCorrection = null);
