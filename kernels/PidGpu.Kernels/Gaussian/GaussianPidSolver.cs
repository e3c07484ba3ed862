using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Gaussian;

/// <summary>
/// Batched Gaussian PID (mutual informations and, optionally, the ~G-PID union information) for many
/// same-shape covariances, e.g. one per layer. Each problem is solved serially by one thread
/// (<see cref="GaussianPidCore"/>) with its temporaries in a slice of a caller-owned global-memory workspace:
/// the matrices are tens of dimensions, so a first version trades intra-problem parallelism for simplicity;
/// a group-cooperative version (parallel Gemm/Cholesky per problem) is the natural next step for large batches
/// of large blocks.
/// </summary>
public sealed class GaussianPidSolver
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, GaussianShape, GaussianPidSettings, int, ArrayView<double>, ArrayView<double>, ArrayView<GaussianPidOutcome>> kernel;

    public GaussianPidSolver(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        kernel = accelerator.LoadKernel<GaussianShape, GaussianPidSettings, int, ArrayView<double>, ArrayView<double>, ArrayView<GaussianPidOutcome>>(Kernel);
    }

    /// <summary>
    /// covariances: [problems × shape.CovLength] row-major; workspace: [problems × shape.WorkspaceLength];
    /// outcomes: [problems].
    /// </summary>
    public void Launch(AcceleratorStream stream, GaussianShape shape, int problems, GaussianPidSettings settings,
        ArrayView<double> covariances, ArrayView<double> workspace, ArrayView<GaussianPidOutcome> outcomes)
        => kernel(stream, Config(accelerator, problems), shape, settings, problems, covariances, workspace, outcomes);

    /// <summary>One problem per thread; warp-sized groups on a GPU so that a batch of layers spreads over the SMs.</summary>
    static KernelConfig Config(Accelerator accelerator, int problems)
    {
        int group = accelerator.AcceleratorType == AcceleratorType.CPU ? accelerator.WarpSize : 32;
        return new KernelConfig(Math.Max(1, (problems + group - 1) / group), group);
    }

    static void Kernel(GaussianShape shape, GaussianPidSettings settings, int problems, ArrayView<double> covariances,
        ArrayView<double> workspace, ArrayView<GaussianPidOutcome> outcomes)
    {
        for (int b = Grid.GlobalIndex.X; b < problems; b += Grid.DimX * Group.DimX)
        {
            var cov = new ViewScratch(covariances.SubView(b * shape.CovLength, shape.CovLength));
            var work = new ViewScratch(workspace.SubView(b * shape.WorkspaceLength, shape.WorkspaceLength));
            outcomes[b] = GaussianPidCore.Run(cov, work, shape, settings);
        }
    }
}
