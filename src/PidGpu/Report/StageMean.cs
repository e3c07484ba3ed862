namespace PidGpu.Report;

/// <summary>Mean of each atom (bits) over the layers of one stage of a trajectory.</summary>
public sealed record StageMean(string Stage, int FirstLayer, int LastLayer, double R, double U1, double U2, double S, double I);
