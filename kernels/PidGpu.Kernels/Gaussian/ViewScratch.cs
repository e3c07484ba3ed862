using ILGPU;

namespace PidGpu.Kernels.Gaussian;

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
