using ILGPU;
using ILGPU.Runtime;
using PidGpu.Kernels;
using PidGpu.Kernels.Gaussian;

namespace EmbedKernels;

/// <summary>
/// Two linear-Gaussian systems with scalar X1, X2, Y, their covariances written on the device, decomposed by the
/// ~G-PID solver on the caller's stream; only the atoms are downloaded.
/// </summary>
static class GaussianCheck
{
    /// <summary>(a1, a2, noise variance) of Y = a1·X1 + a2·X2 + N(0, noise).</summary>
    public static readonly (double A1, double A2, double Noise)[] Systems = [(1, 1, 1), (1, 0, 1)];

    public static double[] Run(Accelerator accelerator, AcceleratorStream stream)
    {
        var shape = new GaussianShape(1, 1, 1);
        int problems = Systems.Length;
        using var covariances = accelerator.Allocate1D<double>(problems * shape.CovLength);
        using var workspace = accelerator.Allocate1D<double>(accelerator.ComputeGaussianPidWorkspaceSize(shape, problems));
        using var outcomes = accelerator.Allocate1D<GaussianPidOutcome>(problems);
        using var atoms = accelerator.Allocate1D<double>(problems * SampleKernels.AtomCount);

        var fill = accelerator.LoadAutoGroupedKernel<Index1D, double, double, double, ArrayView<double>>(SampleKernels.FillLinearGaussian);
        var toAtoms = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<GaussianPidOutcome>, ArrayView<double>>(SampleKernels.GaussianAtoms);
        var solver = accelerator.CreateGaussianPid();

        for (int b = 0; b < problems; b++)
        {
            var (a1, a2, noise) = Systems[b];
            fill(stream, (int)shape.CovLength, a1, a2, noise, covariances.View.SubView(b * shape.CovLength, shape.CovLength));
        }
        solver.Launch(stream, shape, problems, GaussianPidSettings.Default(solveBroja: true), covariances.View, workspace.View, outcomes.View);
        toAtoms(stream, problems, outcomes.View, atoms.View);
        return atoms.GetAsArray1D(stream);
    }
}
