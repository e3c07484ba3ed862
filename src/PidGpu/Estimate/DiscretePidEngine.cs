using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Estimate.Measures;
using PidGpu.Estimate.Newton;
using PidGpu.Kernels;

namespace PidGpu.Estimate;

/// <summary>
/// Exact plug-in PID of discrete joint distributions. With a device, problems of equal shape share one launch per
/// kernel for marginals, information terms and I_min; without one (<see cref="Host"/>) everything runs on the host,
/// which is what a single small table wants (no accelerator to start). BROJA's Newton solver runs as the batched kernel
/// on a GPU and on the host otherwise (<see cref="BrojaOptions.NewtonPlacement"/>). Results come back in input order.
/// </summary>
public sealed class DiscretePidEngine(PidDevice? device)
{
    /// <summary>The accelerator, or null for the host-only engine.</summary>
    public PidDevice? Device { get; } = device;

    /// <summary>An engine that starts no accelerator (BROJA only with <see cref="BrojaSolverKind.Newton"/>).</summary>
    public static DiscretePidEngine Host { get; } = new(null);

    /// <param name="measures">Members of <see cref="PidMeasures"/>; each gets its slot of the result filled.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in the type of their first parameter, so a call never binds to the wrong one.")]
    public DiscreteDecomposition Decompose(JointDistribution joint, IReadOnlyCollection<IPidMeasure> measures, BrojaOptions? options = null)
        => Decompose([joint], measures, options)[0];

    /// <param name="measures">Members of <see cref="PidMeasures"/>; each gets its slot of the results filled.</param>
    /// <exception cref="PidInputException">Bad BROJA options, or a measure from outside the catalogue.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in the type of their first parameter, so a call never binds to the wrong one.")]
    public IReadOnlyList<DiscreteDecomposition> Decompose(IReadOnlyList<JointDistribution> joints, IReadOnlyCollection<IPidMeasure> measures,
        BrojaOptions? options = null)
    {
        options ??= new BrojaOptions();
        PidMeasures.CheckCatalogued(measures);
        if (!(options.TargetGapBits > 0))
            throw new PidInputException($"the BROJA target gap must be positive (got {options.TargetGapBits}).");
        if (options.MaxIterations < 1)
            throw new PidInputException($"the BROJA iteration limit must be at least 1 (got {options.MaxIterations}).");
        var results = new DiscreteDecomposition[joints.Count];
        foreach (var group in joints.Select((j, i) => (j, i)).GroupBy(e => (e.j.N1, e.j.N2, e.j.NY)))
        {
            var members = group.ToArray();
            var solved = SolveBatch(new ProblemShape(group.Key.N1, group.Key.N2, group.Key.NY),
                members.Select(m => m.j).ToArray(), measures, options);
            for (int k = 0; k < members.Length; k++) results[members[k].i] = solved[k];
        }
        return results;
    }

    /// <summary>One shape's batch. The catalogue is read once here; the loops over problems test plain flags.</summary>
    DiscreteDecomposition[] SolveBatch(ProblemShape shape, JointDistribution[] joints, IReadOnlyCollection<IPidMeasure> measures, BrojaOptions options)
    {
        bool wantIMin = measures.Contains(PidMeasures.IMin), wantMmi = measures.Contains(PidMeasures.Mmi), wantBroja = measures.Contains(PidMeasures.Broja);
        if (Device is null) return SolveOnHost(shape, joints, wantIMin, wantMmi, wantBroja, options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double[]? newtonSeconds = null;
        double newtonWall = 0;
        var acc = Device.Accelerator;
        var kernels = KernelSet.For(acc);
        var stream = Device.Stream;
        int count = joints.Length;
        var flat = new double[(long)count * shape.Cells];
        for (int b = 0; b < count; b++) joints[b].P.CopyTo(flat, (long)b * shape.Cells);

        using var p = Device.Allocate<double>(flat);
        using var p1 = acc.Allocate1D<double>((long)count * shape.X1Y);
        using var p2 = acc.Allocate1D<double>((long)count * shape.X2Y);
        using var py = acc.Allocate1D<double>((long)count * shape.NY);
        using var p12 = acc.Allocate1D<double>((long)count * shape.PairCells);
        using var terms = acc.Allocate1D<InformationTerms>(count);
        kernels.Marginals.Launch(stream, shape, count, p.View, p1.View, p2.View, py.View, p12.View);
        kernels.Information.Launch(stream, shape, count, p.View, p1.View, p2.View, py.View, p12.View, terms.View);

        double[]? imin = null;
        if (wantIMin)
        {
            using var redundancy = acc.Allocate1D<double>(count);
            kernels.IMin.Launch(stream, shape, count, p1.View, p2.View, py.View, redundancy.View);
            imin = Device.Download<double>(redundancy.View, stream);
        }
        BrojaOutcome[]? broja = null;
        if (wantBroja && options.Solver == BrojaSolverKind.Newton)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            if (NewtonOnDevice(options.NewtonPlacement, acc, shape, count))
            {
                options.Cancellation.ThrowIfCancellationRequested();
                // One launch for the batch: its progress is reported whole, when it returns.
                var stage = options.Progress?.Define("BROJA", "centrings", (long)BrojaNewtonSolver.ExpectedCentrings(TargetNats(options)) * count);
                broja = DeviceBrojaNewton.Solve(acc, stream, shape, joints, p1.View, p2.View, TargetNats(options), options.MaxIterations,
                    transfers: Device.Transfers);
                double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (stage is not null) options.Progress!.Advance(stage, stage.Total, seconds);
                newtonSeconds = Enumerable.Repeat(seconds / count, count).ToArray();
            }
            else (broja, newtonSeconds) = SolveNewton(shape, joints, options);
            newtonWall = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        else if (wantBroja)
        {
            using var workspace = acc.Allocate1D<double>(count * BrojaSolver.WorkspacePerProblem(shape));
            using var outcomes = acc.Allocate1D<BrojaOutcome>(count);
            var settings = BrojaSettings.Default(options.TargetGapBits, options.MaxIterations);
            kernels.Broja.Launch(stream, shape, count, settings, p1.View, p2.View, py.View, workspace.View, outcomes.View);
            broja = Device.Download<BrojaOutcome>(outcomes.View, stream);
        }
        var info = Device.Download<InformationTerms>(terms.View, stream);

        double shared = clock.Elapsed.TotalSeconds - newtonWall;
        var results = new DiscreteDecomposition[count];
        for (int b = 0; b < count; b++)
            results[b] = new DiscreteDecomposition(
                imin is null ? null : IMinMeasure.FromRedundancy(imin[b], info[b]),
                wantMmi ? MmiMeasure.FromTerms(info[b]) : null,
                broja is null ? null : BrojaMeasure.FromOutcome(broja[b], info[b]))
            {
                SolveSeconds = Math.Max(0, shared) / count + (newtonSeconds?[b] ?? 0),
            };
        return results;
    }

    static DiscreteDecomposition[] SolveOnHost(ProblemShape shape, JointDistribution[] joints, bool wantIMin, bool wantMmi, bool wantBroja,
        BrojaOptions options)
    {
        if (wantBroja && options.Solver != BrojaSolverKind.Newton)
            throw new PidInputException("the scaling BROJA solver runs on an accelerator; the host engine has the Newton solver only.");
        if (wantBroja && options.NewtonPlacement == BrojaNewtonPlacement.Device)
            throw new PidInputException("the device Newton BROJA solver needs an accelerator; the host engine has the host solver only.");
        var results = new DiscreteDecomposition[joints.Length];
        var (broja, seconds) = wantBroja ? SolveNewton(shape, joints, options) : (null, null);
        for (int b = 0; b < joints.Length; b++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            var (p1, p2, py) = HostInformation.Marginals(joints[b]);
            var info = HostInformation.Terms(joints[b], p1, p2, py);
            results[b] = new DiscreteDecomposition(
                wantIMin ? IMinMeasure.FromRedundancy(HostInformation.IMinBits(shape.N1, shape.N2, shape.NY, p1, p2, py), info) : null,
                wantMmi ? MmiMeasure.FromTerms(info) : null,
                broja is null ? null : BrojaMeasure.FromOutcome(broja[b], info))
            {
                SolveSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds + (seconds?[b] ?? 0),
            };
        }
        return results;
    }

    /// <summary>
    /// The batched kernel is for many small problems on a GPU: its Newton system is one dense matrix per problem,
    /// factorised by one thread group, while the host solver eliminates the structured Schur complement on every core.
    /// So Auto sends a batch (two or more problems) of up to <see cref="DeviceNewtonMaxUnknowns"/> multipliers each to a
    /// GPU and everything else to the host; on the CPU accelerator the host solver is faster at every size
    /// (bench/README.md). The GPU limits are a provisional choice until GPU figures exist.
    /// </summary>
    static bool NewtonOnDevice(BrojaNewtonPlacement placement, Accelerator accelerator, ProblemShape shape, int problems) => placement switch
    {
        BrojaNewtonPlacement.Device => true,
        BrojaNewtonPlacement.Host => false,
        _ => accelerator.AcceleratorType != AcceleratorType.CPU && problems > 1 && shape.X1Y + shape.X2Y <= DeviceNewtonMaxUnknowns,
    };

    /// <summary>Multipliers (N1·NY + N2·NY) up to which <see cref="BrojaNewtonPlacement.Auto"/> picks the kernel on a GPU
    /// (16³ has 512: a 2 MiB Newton matrix per problem).</summary>
    const int DeviceNewtonMaxUnknowns = 512;

    static double TargetNats(BrojaOptions options) => BrojaSettings.Default(options.TargetGapBits).TargetGapNats;

    /// <summary>Newton solves on the host: one problem uses every core, a batch runs its problems side by side.</summary>
    static (BrojaOutcome[], double[] Seconds) SolveNewton(ProblemShape shape, JointDistribution[] joints, BrojaOptions options)
    {
        double targetNats = TargetNats(options);
        var outcomes = new BrojaOutcome[joints.Length];
        var seconds = new double[joints.Length];
        bool single = joints.Length == 1;
        // One problem spreads its linear algebra over the cores once its Schur complement is big enough to pay for it.
        bool wide = single && Math.Min(shape.N1, shape.N2) * shape.NY >= 512; // measured: 16³ is no faster on two threads, 32³ is 1.6× faster
        int expected = BrojaNewtonSolver.ExpectedCentrings(targetNats);
        var progress = options.Progress;
        var stage = progress?.Define("BROJA", "centrings", (long)expected * joints.Length);
        var gate = new object();
        Loop.For(!single, 0, joints.Length, b =>
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp(), last = start;
            int reported = 0;
            var problem = BrojaMarginals.FromJoint(joints[b]);
            outcomes[b] = BrojaNewtonSolver.Solve(problem, targetNats, options.MaxIterations, parallel: wide, options.Cancellation,
                stage is null ? null : () =>
                {
                    if (reported >= expected) return;   // a slow problem: keep the total honest rather than overrun it
                    long now = System.Diagnostics.Stopwatch.GetTimestamp();
                    lock (gate) progress!.Advance(stage, 1, System.Diagnostics.Stopwatch.GetElapsedTime(last, now).TotalSeconds);
                    last = now;
                    reported++;
                });
            if (stage is not null && reported < expected) lock (gate) progress!.Skip(stage, expected - reported);
            seconds[b] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        });
        return (outcomes, seconds);
    }
}
