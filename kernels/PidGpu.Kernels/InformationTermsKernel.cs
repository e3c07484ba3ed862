using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels;

/// <summary>
/// Entropies and mutual informations from probabilities (plug-in, log base 2), one problem per group.
/// Needs the <see cref="Marginals"/> of the batch.
/// </summary>
public sealed class InformationTermsKernel
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ProblemShape, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<InformationTerms>> kernel;

    public InformationTermsKernel(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        kernel = accelerator.LoadKernel<ProblemShape, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<InformationTerms>>(Kernel);
    }

    public void Launch(AcceleratorStream stream, ProblemShape shape, int problems, ArrayView<double> p,
        ArrayView<double> p1, ArrayView<double> p2, ArrayView<double> py, ArrayView<double> p12, ArrayView<InformationTerms> terms)
        => kernel(stream, LaunchConfig.PerProblem(accelerator, problems), shape, p, p1, p2, py, p12, terms);

    internal const double Log2E = 1.4426950408889634;

    /// <summary>x log2(x / (a*b)), with 0 log 0 = 0.</summary>
    internal static double Term(double x, double a, double b) => x > 0 ? x * Math.Log(x / (a * b)) * Log2E : 0;

    static void Kernel(ProblemShape s, ArrayView<double> p, ArrayView<double> p1, ArrayView<double> p2,
        ArrayView<double> py, ArrayView<double> p12, ArrayView<InformationTerms> terms)
    {
        // Small sums: thread 0 of each group does them serially, in a fixed order (deterministic).
        if (Group.IdxX != 0) return;
        long b = Grid.IdxX;
        var r = new InformationTerms();
        for (int y = 0; y < s.NY; y++)
        {
            double v = py[b * s.NY + y];
            if (v > 0) r.EntropyY -= v * Math.Log(v) * Log2E;
        }
        for (int x1 = 0; x1 < s.N1; x1++)
        {
            double px1 = 0;
            for (int y = 0; y < s.NY; y++) px1 += p1[b * s.X1Y + x1 * s.NY + y];
            for (int y = 0; y < s.NY; y++) r.I1 += Term(p1[b * s.X1Y + x1 * s.NY + y], px1, py[b * s.NY + y]);
        }
        for (int x2 = 0; x2 < s.N2; x2++)
        {
            double px2 = 0;
            for (int y = 0; y < s.NY; y++) px2 += p2[b * s.X2Y + x2 * s.NY + y];
            for (int y = 0; y < s.NY; y++) r.I2 += Term(p2[b * s.X2Y + x2 * s.NY + y], px2, py[b * s.NY + y]);
        }
        for (int c = 0; c < s.PairCells; c++)
            for (int y = 0; y < s.NY; y++)
                r.I12 += Term(p[b * s.Cells + c * s.NY + y], p12[b * s.PairCells + c], py[b * s.NY + y]);
        terms[b] = r;
    }
}
