namespace PidGpu.Kernels.Gaussian;

/// <summary>Why the ~G-PID solver stopped.</summary>
public enum GaussianStop
{
    /// <summary>The certified gap reached the target.</summary>
    Certified = 0,
    /// <summary>MaxIterations reached.</summary>
    IterationLimit = 1,
    /// <summary>
    /// No further decrease is representable in double precision (or the projected gradient vanished) while the
    /// certificate is still above target: typical of optima on the boundary ‖Σ‖₂ = 1, where f's curvature is
    /// ~1/BoundaryMargin and the first-order certificate closes more slowly than f itself.
    /// </summary>
    Stalled = 2,
}
