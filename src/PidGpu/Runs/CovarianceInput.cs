namespace PidGpu.Runs;

/// <summary>A (d1+d2+dy)² covariance over [X1, X2, Y] (float64 <c>.npy</c>), decomposed on the host.</summary>
/// <param name="Samples">The number of samples behind it; needed for the bias correction.</param>
public sealed record CovarianceInput(string Path, int D1, int D2, int DY, long? Samples = null) : GaussianInput
{
    /// <summary>The setting a bias correction without a sample count is about.</summary>
    public const string SamplesSetting = "CovarianceInput.Samples";
}
