namespace PidGpu.Gaussianize;

/// <summary>What a Gaussianizer did to one variable, for the result file: its method and named checks (e.g. a flow's
/// held-out negative log-likelihood and the worst skewness of its output).</summary>
public sealed record GaussianizeReport(string Variable, string Method, IReadOnlyDictionary<string, double> Checks);
