using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Broja;

/// <summary>
/// BROJA's convex problem by the primal–dual interior-point method of the host solver (Mehrotra predictor–corrector
/// on the dual, see <see cref="InteriorPointIteration"/>) for a batch of same-shape problems, one thread group each.
/// Each Newton system is the Hessian over the free multipliers λ then μ, assembled over the support and factorised
/// by dense Cholesky cooperatively in the group (<see cref="GroupCholesky"/>): in shared memory when it fits, else in
/// the problem's slice of the workspace. The kernel leaves each problem's point (λ, μ, z and the last predictor
/// direction) in the iterate view; a certificate (exact rounding onto Δ_P for the primal value, the strictly feasible
/// dual point for the bound) is taken from it afterwards, as for the host solver.
///
/// Launch enqueues on the caller's stream and returns: no allocation, no download, no synchronisation.
/// </summary>
public sealed class BrojaInteriorPoint
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ProblemShape, BrojaInteriorPointSettings, int, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<BrojaInteriorPointOutcome>> kernel;

    public BrojaInteriorPoint(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        kernel = accelerator.LoadKernel<ProblemShape, BrojaInteriorPointSettings, int, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<BrojaInteriorPointOutcome>>(Kernel);
    }

    /// <summary>Doubles of one problem's iterate: λ (N1·NY), μ (N2·NY), z (N1·N2), then Δλ, Δμ of the last predictor.</summary>
    public static long IterateLength(ProblemShape shape) => new InteriorPointLayout(shape, false).IterateLength;

    /// <summary>Offset of z (cell masses, index x1·N2 + x2) in one problem's iterate; λ starts at 0 and μ at N1·NY.</summary>
    public static long MassOffset(ProblemShape shape) => new InteriorPointLayout(shape, false).Mass;

    /// <summary>Offset of the last predictor direction (Δλ, then Δμ) in one problem's iterate.</summary>
    public static long PredictorOffset(ProblemShape shape) => new InteriorPointLayout(shape, false).PredictorLambda;

    /// <summary>Doubles of workspace one problem needs on this accelerator (the Newton matrix is in it unless it fits
    /// in shared memory); allocate problems × this.</summary>
    public static long WorkspacePerProblem(Accelerator accelerator, ProblemShape shape) =>
        new InteriorPointLayout(shape, MatrixShared(accelerator, shape)).WorkspaceLength;

    /// <summary>Enqueues the solve of <paramref name="problems"/> problems of <paramref name="shape"/> on <paramref name="stream"/>.</summary>
    /// <param name="stream">The caller's stream; nothing is synchronised.</param>
    /// <param name="shape">Alphabet sizes, the same for every problem.</param>
    /// <param name="problems">Problems in the batch (one thread group each).</param>
    /// <param name="settings">Target, stop and step cap.</param>
    /// <param name="outcomes">Out: per problem, its status and step count.</param>
    /// <param name="threadsPerProblem">Threads of each group (at most the accelerator's group size); 0 picks the
    /// accelerator's default (1 on the CPU, 128 on a GPU).</param>
    /// <param name="p1">p(x1,y) per problem (N1·NY each), e.g. from <see cref="Marginals"/>.</param>
    /// <param name="p2">p(x2,y) per problem (N2·NY each).</param>
    /// <param name="iterates">Out: problems × <see cref="IterateLength"/>.</param>
    /// <param name="workspace">Scratch: problems × <see cref="WorkspacePerProblem"/> (for this accelerator).</param>
    public void Launch(AcceleratorStream stream, ProblemShape shape, int problems, BrojaInteriorPointSettings settings,
        ArrayView<double> p1, ArrayView<double> p2, ArrayView<double> iterates, ArrayView<double> workspace,
        ArrayView<BrojaInteriorPointOutcome> outcomes, int threadsPerProblem = 0)
    {
        if (problems <= 0) return;
        int threads = threadsPerProblem > 0 ? Math.Min(threadsPerProblem, accelerator.MaxNumThreadsPerGroup) : LaunchConfig.ThreadsPerProblem(accelerator);
        bool shared = MatrixShared(accelerator, shape);
        var config = shared
            ? new KernelConfig(problems, threads, SharedMemoryConfig.RequestDynamic<double>((int)new InteriorPointLayout(shape, true).MatrixLength))
            : new KernelConfig(problems, threads);
        kernel(stream, config, shape, settings, shared ? 1 : 0, p1, p2, iterates, workspace, outcomes);
    }

    /// <summary>The Newton matrix goes to shared memory when it takes at most half of what a group may have.</summary>
    internal static bool MatrixShared(Accelerator accelerator, ProblemShape shape)
    {
        long bytes = new InteriorPointLayout(shape, true).MatrixLength * sizeof(double);
        return bytes <= Math.Min(accelerator.MaxSharedMemoryPerGroup, 48 * 1024) / 2;
    }

    static void Kernel(ProblemShape shape, BrojaInteriorPointSettings settings, int matrixShared, ArrayView<double> p1,
        ArrayView<double> p2, ArrayView<double> iterates, ArrayView<double> workspace, ArrayView<BrojaInteriorPointOutcome> outcomes)
    {
        long b = Grid.IdxX;
        var layout = new InteriorPointLayout(shape, matrixShared != 0);
        var work = workspace.SubView(b * layout.WorkspaceLength, layout.WorkspaceLength);
        var matrix = matrixShared != 0 ? SharedMemory.GetDynamic<double>() : work.SubView(layout.Matrix, layout.MatrixLength);
        var problem = new InteriorPointProblem(shape, p1.SubView(b * shape.X1Y, shape.X1Y), p2.SubView(b * shape.X2Y, shape.X2Y),
            iterates.SubView(b * layout.IterateLength, layout.IterateLength), work, matrix);
        var outcome = InteriorPointIteration.Run(problem, settings);
        if (Group.IdxX == 0) outcomes[b] = outcome;
    }
}
