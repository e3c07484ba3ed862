namespace PidGpu.Estimate;

/// <summary>Atoms that came out of an optimisation, with its certificate (BROJA, ~G-PID).</summary>
internal interface ICertifiedAtoms
{
    /// <summary>Certified bound on the optimisation error of each atom, in bits.</summary>
    double GapBits { get; }
    int Iterations { get; }
    bool Converged { get; }
}
