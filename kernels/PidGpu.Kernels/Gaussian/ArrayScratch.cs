namespace PidGpu.Kernels.Gaussian;

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
