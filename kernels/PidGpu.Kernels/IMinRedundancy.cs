using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels;

/// <summary>
/// Williams &amp; Beer (2010) redundancy I_min(Y; X1, X2) = Σ_y p(y) min_i I_spec(Y=y; X_i), where
/// I_spec(y; X) = Σ_x p(x|y) log2(p(y|x) / p(y)). One problem per group; needs the <see cref="Marginals"/>.
/// </summary>
public sealed class IMinRedundancy
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ProblemShape, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>> kernel;

    public IMinRedundancy(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        kernel = accelerator.LoadKernel<ProblemShape, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(Kernel);
    }

    /// <summary>Writes the redundancy in bits to <paramref name="redundancy"/>[b].</summary>
    public void Launch(AcceleratorStream stream, ProblemShape shape, int problems,
        ArrayView<double> p1, ArrayView<double> p2, ArrayView<double> py, ArrayView<double> redundancy)
        => kernel(stream, LaunchConfig.PerProblem(accelerator, problems), shape, p1, p2, py, redundancy);

    static double Specific(ArrayView<double> pxy, long offset, int nx, int ny, int y, double pyv)
    {
        double sum = 0;
        for (int x = 0; x < nx; x++)
        {
            double joint = pxy[offset + x * ny + y];
            if (joint <= 0) continue;
            double px = 0;
            for (int k = 0; k < ny; k++) px += pxy[offset + x * ny + k];
            // p(x|y) log2(p(y|x)/p(y)) = (joint/py) log2(joint / (px py))
            sum += joint / pyv * Math.Log(joint / (px * pyv)) * InformationTermsKernel.Log2E;
        }
        return sum;
    }

    static void Kernel(ProblemShape s, ArrayView<double> p1, ArrayView<double> p2, ArrayView<double> py, ArrayView<double> redundancy)
    {
        if (Group.IdxX != 0) return;
        long b = Grid.IdxX;
        double r = 0;
        for (int y = 0; y < s.NY; y++)
        {
            double pyv = py[b * s.NY + y];
            if (pyv <= 0) continue;
            double i1 = Specific(p1, b * s.X1Y, s.N1, s.NY, y, pyv);
            double i2 = Specific(p2, b * s.X2Y, s.N2, s.NY, y, pyv);
            r += pyv * Math.Min(i1, i2);
        }
        redundancy[b] = r;
    }
}
