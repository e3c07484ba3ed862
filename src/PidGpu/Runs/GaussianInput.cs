namespace PidGpu.Runs;

/// <summary>What a Gaussian decomposition reads: activation matrices (<see cref="GaussianMatricesInput"/>) or a covariance
/// given directly (<see cref="CovarianceInput"/>).</summary>
public abstract record GaussianInput;
