using PidGpu.Device;
using PidGpu.Estimators;
using PidGpu.Formats;

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
        var measures = OptionValues.Measures(o.Measure);
        var kind = OptionValues.Device(o.Device);
        double targetGap = o.TargetGap ?? DecomposeOptions.DefaultTargetGap;
        int maxIterations = o.MaxIterations ?? DecomposeOptions.DefaultMaxIterations;
        CheckIterationSettings(targetGap, maxIterations);
        if (o.Out is { } outPath) OutputPath.Check(outPath, Inputs(o));
        var input = PreparedInput.Load(o);

        using var device = PidDevice.Create(kind);
        stderr.WriteLine($"device: {device.Description}");
        var (joint, description) = input.Resolve(device);
        stderr.WriteLine($"input: {description.Mode} {description.Description} ({joint.N1}x{joint.N2}x{joint.NY})");

        var result = new DiscretePidEngine(device).Decompose(joint, measures, new BrojaOptions(targetGap, maxIterations));
        ResultTable.Write(stdout, result);
        gate.BeginWriting();
        if (o.Out is { } path)
            AtomicFile.WriteAllText(path, DecompositionJson.Serialize(description, device.Description, result));

        if (result.Broja is { Converged: false } broja)
        {
            stderr.WriteLine($"warning: BROJA stopped after {broja.Iterations} iterations with gap {broja.GapBits:E2} bits " +
                $"> --target-gap {targetGap:E2}; its atoms are approximate (exit code {ExitCodes.NotConverged}).");
            return ExitCodes.NotConverged;
        }
        return ExitCodes.Success;
    }

    internal static void CheckIterationSettings(double targetGap, int maxIterations)
    {
        if (!double.IsFinite(targetGap) || targetGap <= 0)
            throw new PidInputException($"--target-gap must be a positive number of bits (got {targetGap}).");
        if (maxIterations < 1)
            throw new PidInputException($"--max-iterations must be at least 1 (got {maxIterations}).");
    }

    /// <summary>Every input file of decompose, for <see cref="OutputPath.Check"/>.</summary>
    internal static string?[] Inputs(DecomposeOptions o) => [o.Joint, o.Counts, o.X1, o.X2, o.Y];
}
