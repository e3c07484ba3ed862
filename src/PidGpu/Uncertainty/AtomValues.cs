using PidGpu.Estimate;

namespace PidGpu.Uncertainty;

/// <summary>Plain per-atom numbers (bits), e.g. a null mean or quantile; JSON-friendly.</summary>
public sealed record AtomValues(double R, double U1, double U2, double S, double I)
{
    public static AtomValues Of(PidAtoms a) => new(a.R, a.U1, a.U2, a.S, a.I);
}
