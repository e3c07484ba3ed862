using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels;

/// <summary>
/// Marginals of a batch of joint distributions: p(x1,y), p(x2,y), p(y) and p(x1,x2).
/// These feed the entropy, I_min and BROJA kernels.
/// </summary>
public sealed class Marginals
{
    readonly Action<AcceleratorStream, KernelConfig, ProblemShape, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>> kernel;
    readonly Accelerator accelerator;

    public Marginals(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        kernel = accelerator.LoadKernel<ProblemShape, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(Kernel);
    }

    /// <summary>p: [B*Cells]; p1: [B*X1Y]; p2: [B*X2Y]; py: [B*NY]; p12: [B*PairCells].</summary>
    public void Launch(AcceleratorStream stream, ProblemShape shape, int problems,
        ArrayView<double> p, ArrayView<double> p1, ArrayView<double> p2, ArrayView<double> py, ArrayView<double> p12)
        => kernel(stream, LaunchConfig.PerProblem(accelerator, problems), shape, p, p1, p2, py, p12);

    static void Kernel(ProblemShape s, ArrayView<double> p, ArrayView<double> p1, ArrayView<double> p2,
        ArrayView<double> py, ArrayView<double> p12)
    {
        long b = Grid.IdxX;
        int t = Group.IdxX, threads = Group.DimX;
        long baseP = b * s.Cells;
        for (int k = t; k < s.X1Y; k += threads)
        {
            int x1 = k / s.NY, y = k % s.NY;
            double sum = 0;
            for (int x2 = 0; x2 < s.N2; x2++) sum += p[baseP + (x1 * s.N2 + x2) * s.NY + y];
            p1[b * s.X1Y + k] = sum;
        }
        for (int k = t; k < s.X2Y; k += threads)
        {
            int x2 = k / s.NY, y = k % s.NY;
            double sum = 0;
            for (int x1 = 0; x1 < s.N1; x1++) sum += p[baseP + (x1 * s.N2 + x2) * s.NY + y];
            p2[b * s.X2Y + k] = sum;
        }
        for (int c = t; c < s.PairCells; c += threads)
        {
            double sum = 0;
            for (int y = 0; y < s.NY; y++) sum += p[baseP + c * s.NY + y];
            p12[b * s.PairCells + c] = sum;
        }
        for (int y = t; y < s.NY; y += threads)
        {
            double sum = 0;
            for (int c = 0; c < s.PairCells; c++) sum += p[baseP + c * s.NY + y];
            py[b * s.NY + y] = sum;
        }
    }
}
