using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Reduce;

/// <summary>
/// Dense products for PCA, one thread per output element in grid-stride loops (deterministic: each output is
/// one sequential dot product, no atomics).
/// <list type="bullet">
/// <item><see cref="LaunchMultiply"/>: Z = A·Q for a d×d matrix A and a d×m block Q (the subspace-iteration step).</item>
/// <item><see cref="LaunchProject"/>: scores = (X − mean)·W for a float chunk X [n×d] and weights W [d×k] in double.</item>
/// </list>
/// All matrices are row-major.
/// </summary>
internal sealed class PcaKernels
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>> multiplyKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>> projectKernel;

    public PcaKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        multiplyKernel = accelerator.LoadKernel<int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>>(MultiplyKernel);
        projectKernel = accelerator.LoadKernel<int, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(ProjectKernel);
    }

    /// <summary>z[d×m] ← a[d×d] · q[d×m].</summary>
    public void LaunchMultiply(AcceleratorStream stream, int d, int m, ArrayView<double> a, ArrayView<double> q, ArrayView<double> z)
        => multiplyKernel(stream, LaunchConfig.GridStride(accelerator, (long)d * m), d, m, a, q, z);

    /// <summary>
    /// scores[r·k + j] ← Σ_c (x[r·d + c] − mean[c]) · w[c·k + j] for r &lt; rows; fold the column scales into w
    /// (w = loading / scale) so the data are standardised on the fly.
    /// </summary>
    public void LaunchProject(AcceleratorStream stream, int rows, int d, int k, ArrayView<float> x,
        ArrayView<double> mean, ArrayView<double> w, ArrayView<double> scores)
        => projectKernel(stream, LaunchConfig.GridStride(accelerator, (long)rows * k), rows, d, k, x, mean, w, scores);

    static void MultiplyKernel(int d, int m, ArrayView<double> a, ArrayView<double> q, ArrayView<double> z)
    {
        long total = (long)d * m;
        for (long e = Grid.GlobalIndex.X; e < total; e += (long)Grid.DimX * Group.DimX)
        {
            long i = e / m, j = e % m;
            long row = i * d;
            double sum = 0;
            for (int c = 0; c < d; c++) sum += a[row + c] * q[(long)c * m + j];
            z[e] = sum;
        }
    }

    static void ProjectKernel(int rows, int d, int k, ArrayView<float> x, ArrayView<double> mean, ArrayView<double> w, ArrayView<double> scores)
    {
        long total = (long)rows * k;
        for (long e = Grid.GlobalIndex.X; e < total; e += (long)Grid.DimX * Group.DimX)
        {
            long r = e / k, j = e % k;
            long row = r * d;
            double sum = 0;
            for (int c = 0; c < d; c++) sum += (x[row + c] - mean[c]) * w[(long)c * k + j];
            scores[e] = sum;
        }
    }
}
