using PidGpu.Device;
using PidGpu.Estimators;
using PidGpu.Formats;
using PidGpu.Pid;

namespace PidGpu.Cli;

/// <summary><c>pidgpu decompose</c>: check everything cheap first, then start the device, decompose, print, write.</summary>
internal static class DecomposeCommand
{
    /// <summary>The flags given that only the Gaussian estimator reads.</summary>
    static List<string> GaussianOnlyFlags(DecomposeOptions o)
    {
        var flags = new List<string>();
        if (o.Ridge is not null) flags.Add("--ridge");
        if (o.DropNonFinite) flags.Add("--drop-nonfinite");
        if (o.Gaussianize is not null) flags.Add("--gaussianize");
        if (o.Bootstrap is not null) flags.Add("--bootstrap");
        if (o.Permutations is not null) flags.Add("--permutations");
        if (o.BiasCorrection) flags.Add("--bias-correction");
        if (o.FlowSteps is not null) flags.Add("--flow-steps");
        if (o.FlowBlocks is not null) flags.Add("--flow-blocks");
        if (o.FlowHidden is not null) flags.Add("--flow-hidden");
        if (o.FlowLearningRate is not null) flags.Add("--flow-lr");
        return flags;
    }

    public static int Run(DecomposeOptions o, TextWriter stdout, TextWriter stderr, OutputGate gate)
    {
        if (OptionValues.Estimator(o.Estimator) == Estimator.Gaussian)
            return GaussianDecomposeCommand.Run(o, stdout, stderr, gate);
        var gaussianOnly = GaussianOnlyFlags(o);
        if (gaussianOnly.Count > 0)
            throw new PidInputException($"{string.Join(", ", gaussianOnly)} {(gaussianOnly.Count == 1 ? "applies" : "apply")} only to --estimator gaussian.");
        if (o.Cov is not null || o.Dims is not null || o.Samples is not null)
            throw new PidInputException("--cov, --dims and --samples apply only to --estimator gaussian.");
        var measures = OptionValues.Measures(o.Measure);
        var kind = OptionValues.Device(o.Device);
        var solver = OptionValues.Solver(o.Solver);
        var budget = BrojaBudget.From(o);
        double targetGap = o.TargetGap ?? DecomposeOptions.DefaultTargetGap;
        int maxIterations = o.MaxIterations ?? DecomposeOptions.DefaultMaxIterations;
        CheckIterationSettings(targetGap, maxIterations);
        if (o.Out is { } outPath) OutputPath.Check(outPath, Inputs(o));
        var input = PreparedInput.Load(o);
        if (o.Joints is not null)
            return DecomposeBatchCommand.Run(o, measures, new BrojaOptions(targetGap, maxIterations, solver), budget, kind, stdout, stderr, gate);

        // A joint table or counts need no accelerator: with --device auto and the Newton solver, none is started.
        using var device = DeviceFor(input.NeedsDevice, kind, solver);
        string deviceText = device?.Description ?? HostDevice;
        stderr.WriteLine($"device: {deviceText}");
        var (joint, description) = input.Resolve(device);
        stderr.WriteLine($"input: {description.Mode} {description.Description} ({joint.N1}x{joint.N2}x{joint.NY})");

        var options = WithProgress(new BrojaOptions(targetGap, maxIterations, solver), measures, budget, [joint], stderr);
        var result = new DiscretePidEngine(device).Decompose(joint, measures, options);
        ResultTable.Write(stdout, result);
        gate.BeginWriting();
        if (o.Out is { } path)
            AtomicFile.WriteAllText(path, DecompositionJson.Serialize(description, deviceText, result));
        return NotConvergedWarning(result.Broja is { Converged: false } ? [result] : [], targetGap, stderr);
    }

    /// <summary>The accelerator a discrete run needs: none for tables with --device auto and the Newton solver, which run
    /// on the host; otherwise the one asked for.</summary>
    internal static PidDevice? DeviceFor(bool needsDevice, DeviceKind kind, BrojaSolverKind solver) =>
        needsDevice || kind != DeviceKind.Auto || solver != BrojaSolverKind.Newton ? PidDevice.Create(kind) : null;

    /// <summary>What the CLI prints and records as the device when no accelerator is started.</summary>
    internal const string HostDevice = "host (a joint table needs no accelerator)";

    /// <summary>Checks the budget for BROJA and, for a run estimated to last more than a few seconds, shows its progress.</summary>
    internal static BrojaOptions WithProgress(BrojaOptions options, PidMeasure measures, BrojaBudget budget,
        IReadOnlyList<Pid.JointDistribution> joints, TextWriter stderr)
    {
        if (!measures.HasFlag(PidMeasure.Broja) || joints.Count == 0) return options;
        // The first table stands for the batch (they share a shape; supports may differ).
        var cost = budget.Check(joints[0], joints.Count, options.Solver);
        return cost.Seconds < 3 || options.Solver != BrojaSolverKind.Newton ? options
            : options with { Progress = new Progress.RunProgress(ConsoleProgress.For(stderr)) };
    }

    /// <summary>Exit 3 with a warning when any BROJA solve missed its target gap.</summary>
    internal static int NotConvergedWarning(IReadOnlyList<DiscreteDecomposition> missed, double targetGap, TextWriter stderr)
    {
        if (missed.Count == 0) return ExitCodes.Success;
        var worst = missed.Select(r => r.Broja!).MaxBy(b => b.GapBits)!;
        string which = missed.Count == 1 ? "BROJA" : $"BROJA missed the target on {missed.Count} problems; the worst";
        stderr.WriteLine($"warning: {which} stopped after {worst.Iterations} iterations with gap {worst.GapBits:E2} bits " +
            $"> --target-gap {targetGap:E2}; its atoms are approximate (exit code {ExitCodes.NotConverged}).");
        return ExitCodes.NotConverged;
    }

    internal static void CheckIterationSettings(double targetGap, int maxIterations)
    {
        if (!double.IsFinite(targetGap) || targetGap <= 0)
            throw new PidInputException($"--target-gap must be a positive number of bits (got {targetGap}).");
        if (maxIterations < 1)
            throw new PidInputException($"--max-iterations must be at least 1 (got {maxIterations}).");
    }

    /// <summary>Every input file of decompose, for <see cref="OutputPath.Check"/>.</summary>
    internal static string?[] Inputs(DecomposeOptions o) => [o.Joint, o.Joints, o.Cov, o.Counts, o.X1, o.X2, o.Y];
}
