namespace PidGpu.Cli;

internal enum Estimator { Discrete, Gaussian }
