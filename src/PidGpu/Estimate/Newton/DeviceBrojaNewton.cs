using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Kernels;
using PidGpu.Kernels.Broja;
using PidGpu.Estimate;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// The interior-point BROJA solver on an accelerator: one launch of <see cref="BrojaInteriorPoint"/> for the batch (one
/// thread group per problem), one download of the iterates, then on the host the same certificate as the host solver
/// (<see cref="BrojaCertificate"/>: exact rounding onto Δ_P from the exact marginals of each joint, and the iterate's
/// dual point), so a device result carries the same certified gap and misses the target as visibly.
/// </summary>
internal static class DeviceBrojaNewton
{
    static readonly ConditionalWeakTable<Accelerator, BrojaInteriorPoint> Launchers = new();

    static BrojaInteriorPoint For(Accelerator accelerator)
    {
        lock (Launchers) return Launchers.GetValue(accelerator, a => a.CreateBrojaInteriorPoint());
    }

    /// <summary>Doubles of iterates and workspace one launch may take (1 GiB); a larger batch runs in several launches.</summary>
    public const long LaunchBudget = 1L << 27;

    /// <param name="p1">p(x1,y) of each problem on the device (e.g. from the marginals kernel).</param>
    /// <param name="p2">p(x2,y) of each problem on the device.</param>
    /// <param name="threadsPerProblem">Threads per group; 0 for the accelerator's default.</param>
    /// <param name="launchBudget">Doubles of device memory per launch (<see cref="LaunchBudget"/>).</param>
    /// <param name="transfers">Where the downloads of the outcomes and iterates are counted, if anywhere.</param>
    public static BrojaOutcome[] Solve(Accelerator accelerator, AcceleratorStream stream, ProblemShape shape, JointDistribution[] joints,
        ArrayView<double> p1, ArrayView<double> p2, double targetGapNats, int maxSteps, int threadsPerProblem = 0, long launchBudget = LaunchBudget,
        TransferLedger? transfers = null)
    {
        int count = joints.Length;
        var results = new BrojaOutcome[count];
        if (count == 0) return results;
        var settings = BrojaInteriorPointSettings.Default(maxSteps: maxSteps);
        settings.TargetGapNats = targetGapNats;
        long iterateLength = BrojaInteriorPoint.IterateLength(shape);
        long perProblem = iterateLength + BrojaInteriorPoint.WorkspacePerProblem(accelerator, shape);
        int perLaunch = (int)Math.Clamp(launchBudget / perProblem, 1, count);
        var launcher = For(accelerator);
        using var iterates = accelerator.Allocate1D<double>(perLaunch * iterateLength);
        using var workspace = accelerator.Allocate1D<double>(perLaunch * (perProblem - iterateLength));
        using var outcomes = accelerator.Allocate1D<BrojaInteriorPointOutcome>(perLaunch);
        var points = new double[perLaunch * iterateLength];
        var device = new BrojaInteriorPointOutcome[perLaunch];
        for (int first = 0; first < count; first += perLaunch)
        {
            int n = Math.Min(perLaunch, count - first);
            launcher.Launch(stream, shape, n, settings, p1.SubView((long)first * shape.X1Y, (long)n * shape.X1Y),
                p2.SubView((long)first * shape.X2Y, (long)n * shape.X2Y), iterates.View, workspace.View, outcomes.View, threadsPerProblem);
            PidDevice.Download(outcomes.View.SubView(0, n), device.AsSpan(0, n), stream, transfers);
            PidDevice.Download(iterates.View.SubView(0, n * iterateLength), points.AsSpan(0, (int)(n * iterateLength)), stream, transfers);
            Parallel.For(0, n, b => results[first + b] = Certify(BrojaMarginals.FromJoint(joints[first + b]), shape,
                points.AsSpan((int)(b * iterateLength), (int)iterateLength), device[b], targetGapNats));
        }
        return results;
    }

    /// <summary>The certificate of one downloaded iterate (layout of <see cref="BrojaInteriorPoint.IterateLength"/>).</summary>
    public static BrojaOutcome Certify(BrojaMarginals m, ProblemShape shape, ReadOnlySpan<double> iterate, BrojaInteriorPointOutcome device, double targetGapNats)
    {
        var o = new BrojaOutcome { Primal = double.PositiveInfinity, Dual = double.NegativeInfinity, Gap = double.PositiveInfinity, Relaxation = 1, Iterations = device.Steps };
        if (m.Cells.Length == 0) { o.Primal = o.Dual = o.Gap = 0; o.Converged = 1; return o; }
        var x = new DualBarrierState(m);
        iterate[..shape.X1Y].CopyTo(x.Lambda);
        iterate.Slice(shape.X1Y, shape.X2Y).CopyTo(x.Mu);
        MakeFeasible(x);
        long massAt = BrojaInteriorPoint.MassOffset(shape), predictorAt = BrojaInteriorPoint.PredictorOffset(shape);
        var mass = new double[m.Cells.Length];
        for (int k = 0; k < mass.Length; k++)
        {
            double z = iterate[(int)massAt + m.Cells[k]];
            mass[k] = z > 0 && double.IsFinite(z) ? z : 0;
        }
        var predictorLambda = iterate.Slice((int)predictorAt, shape.X1Y).ToArray();
        var predictorMu = iterate.Slice((int)predictorAt + shape.X1Y, shape.X2Y).ToArray();
        BrojaCertificate.Certify(m, x, mass, new double[shape.Cells], new double[shape.X1Y], new double[shape.X2Y], ref o);
        if (o.Gap > targetGapNats) BrojaCertificate.SharpenDual(x, new DualBarrierState(m), predictorLambda, predictorMu, ref o);
        o.Converged = o.Gap <= targetGapNats ? 1 : 0;
        return o;
    }

    /// <summary>
    /// The device kept its point strictly feasible in its own arithmetic; recomputed here from the exact marginals a g_c
    /// can land a last bit above 0. Lowering every λ by t lowers every g_c by t (and the dual value by t, as Σ p = 1),
    /// so the point is shifted until every g_c ≤ 0 holds here: the bound is then valid for this host's arithmetic. A point
    /// that cannot be repaired (not finite) is replaced by the solver's feasible start, a weak but valid bound.
    /// </summary>
    static void MakeFeasible(DualBarrierState x)
    {
        for (int tries = 0; !x.Refresh() && tries < 8; tries++)
        {
            double worst = x.G.Max(), size = 0;
            foreach (double l in x.Lambda) size = Math.Max(size, Math.Abs(l));
            double shift = (double.IsFinite(worst) ? Math.Max(worst, 0) : 0) + 1e-15 * (1 + size) * (1 << tries);
            for (int i = 0; i < x.Lambda.Length; i++) x.Lambda[i] -= shift;
        }
        if (!x.Refresh()) x.Start();
    }
}
