using ILGPU.Runtime;
using PidGpu.Kernels.Broja;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Kernels;

/// <summary>
/// Compile-once launchers as accelerator extensions, in the style of ILGPU.Algorithms
/// (<c>accelerator.CreateRadixSort()</c>, <c>ComputeRadixSortTempStorageSize</c>): each Create call compiles its
/// kernel once for that accelerator; keep the launcher and call it with any stream and caller-owned views.
/// No launcher allocates, downloads or synchronises: workspaces are the caller's, sized by the Compute… methods.
/// </summary>
public static class KernelAcceleratorExtensions
{
    /// <summary>Joint histograms of integer codes; see <see cref="JointHistogram.Launch"/>.</summary>
    public static JointHistogram CreateJointHistogram(this Accelerator accelerator) => new(accelerator);

    /// <summary>p(x1,y), p(x2,y), p(y), p(x1,x2) of a batch of joints; see <see cref="Marginals.Launch"/>.</summary>
    public static Marginals CreateMarginals(this Accelerator accelerator) => new(accelerator);

    /// <summary>Entropy of Y and the three mutual informations; see <see cref="InformationTermsKernel.Launch"/>.</summary>
    public static InformationTermsKernel CreateInformationTerms(this Accelerator accelerator) => new(accelerator);

    /// <summary>Williams–Beer I_min redundancy; see <see cref="IMinRedundancy.Launch"/>.</summary>
    public static IMinRedundancy CreateIMinRedundancy(this Accelerator accelerator) => new(accelerator);

    /// <summary>The certified BROJA solver; see <see cref="BrojaSolver.Launch"/>.</summary>
    public static BrojaSolver CreateBroja(this Accelerator accelerator) => new(accelerator);

    /// <summary>The batched interior-point (Newton) BROJA solver, one group per problem; see <see cref="BrojaInteriorPoint.Launch"/>.</summary>
    public static BrojaInteriorPoint CreateBrojaInteriorPoint(this Accelerator accelerator) => new(accelerator);

    /// <summary>Batched Gaussian PID (MMI terms and ~G-PID); see <see cref="GaussianPidSolver.Launch"/>.</summary>
    public static GaussianPidSolver CreateGaussianPid(this Accelerator accelerator) => new(accelerator);

    /// <summary>Doubles of workspace that <see cref="BrojaSolver.Launch"/> needs for a batch.</summary>
    public static long ComputeBrojaWorkspaceSize(this Accelerator accelerator, ProblemShape shape, int problems) =>
        problems * BrojaSolver.WorkspacePerProblem(shape);

    /// <summary>Doubles of workspace that <see cref="BrojaInteriorPoint.Launch"/> needs for a batch on this accelerator.</summary>
    public static long ComputeBrojaInteriorPointWorkspaceSize(this Accelerator accelerator, ProblemShape shape, int problems) =>
        problems * BrojaInteriorPoint.WorkspacePerProblem(accelerator, shape);

    /// <summary>Doubles of workspace that <see cref="GaussianPidSolver.Launch"/> needs for a batch.</summary>
    public static long ComputeGaussianPidWorkspaceSize(this Accelerator accelerator, GaussianShape shape, int problems) =>
        problems * shape.WorkspaceLength;
}
