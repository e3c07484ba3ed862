namespace PidGpu.Kernels.Gaussian;

/// <summary>
/// Flat double storage the small dense routines work on. A struct constraint lets one generic source run both
/// in an ILGPU kernel (<see cref="ViewScratch"/>) and as plain .NET on the host (<see cref="ArrayScratch"/>),
/// so the host and device Gaussian PID are the same code, not two implementations that can drift apart.
/// </summary>
internal interface IScratch
{
    double this[long index] { get; set; }
}
