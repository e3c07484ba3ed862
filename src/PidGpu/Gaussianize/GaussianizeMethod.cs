namespace PidGpu.Gaussianize;

/// <summary>How the reduced variables are made Gaussian before the estimate: not at all, by the copula (ranks to normal
/// quantiles) or by a learned flow (trained on a held-out split).</summary>
public enum GaussianizeMethod { None, Copula, Flow }
