namespace PidGpu.Reduce;

/// <summary>Settings of <see cref="PcaFit"/>.</summary>
public sealed record PcaOptions
{
    /// <summary>k, the number of principal components kept (1 ≤ k &lt; d).</summary>
    public int Components { get; init; } = 8;

    /// <summary>Floats per chunk read from the source and sent to the device (rows = this / d, at least 1).</summary>
    public int ChunkValues { get; init; } = 1 << 22;

    /// <summary>
    /// Matrices with d up to this use host Jacobi (all eigenpairs, robust to flat spectra, O(d³)
    /// per sweep on one core); larger d the device subspace iteration (fast for decaying spectra).
    /// </summary>
    public int JacobiMaxColumns { get; init; } = 256;

    /// <summary>Subspace iteration: extra block columns beyond k.</summary>
    public int Oversampling { get; init; } = 8;

    /// <summary>Subspace iteration: stop when max ‖C·v − λ·v‖ ≤ this × λ₁.</summary>
    public double Tolerance { get; init; } = 1e-10;

    public int MaxIterations { get; init; } = 2000;

    /// <summary>Seed of the subspace iteration's start block.</summary>
    public int Seed { get; init; } = 1;
}
