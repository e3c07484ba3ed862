using ILGPU;

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

/// <summary>Device storage: a view into a caller-owned buffer.</summary>
internal readonly struct ViewScratch(ArrayView<double> view) : IScratch
{
    readonly ArrayView<double> view = view;

    public double this[long index]
    {
        get => view[index];
        set => view[index] = value;
    }
}

/// <summary>Host storage: a managed array (never used inside a kernel).</summary>
internal readonly struct ArrayScratch(double[] array) : IScratch
{
    readonly double[] array = array;

    public double this[long index]
    {
        get => array[index];
        set => array[index] = value;
    }
}
