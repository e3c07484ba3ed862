namespace PidGpu.Discretize;

/// <summary>Uniform: K equal-width bins between min and max. Quantile: K bins holding (about) equal counts.</summary>
public enum BinningMode { Uniform, Quantile }
