using PidGpu.Device;
using PidGpu.Estimators;
using PidGpu.Formats;

namespace PidGpu.Cli;

/// <summary><c>pidgpu decompose</c>: check everything cheap first, then start the device, decompose, print, write.</summary>
internal static class DecomposeCommand
{
    public static int Run(DecomposeOptions o, TextWriter stdout, TextWriter stderr)
    {
        var measures = OptionValues.Measures(o.Measure);
        var kind = OptionValues.Device(o.Device);
        if (!double.IsFinite(o.TargetGap) || o.TargetGap <= 0)
            throw new PidInputException($"--target-gap must be a positive number of bits (got {o.TargetGap}).");
        if (o.MaxIterations < 1)
            throw new PidInputException($"--max-iterations must be at least 1 (got {o.MaxIterations}).");
        if (o.Out is { } outPath) CheckOutputFolder(outPath);
        var input = PreparedInput.Load(o);

        using var device = PidDevice.Create(kind);
        stderr.WriteLine($"device: {device.Description}");
        var (joint, description) = input.Resolve(device);
        stderr.WriteLine($"input: {description.Mode} {description.Description} ({joint.N1}x{joint.N2}x{joint.NY})");

        var result = new DiscretePidEngine(device).Decompose(joint, measures, new BrojaOptions(o.TargetGap, o.MaxIterations));
        ResultTable.Write(stdout, result);
        if (o.Out is { } path)
            AtomicFile.WriteAllText(path, DecompositionJson.Serialize(description, device.Description, result));

        if (result.Broja is { Converged: false } broja)
        {
            stderr.WriteLine($"warning: BROJA stopped after {broja.Iterations} iterations with gap {broja.GapBits:E2} bits " +
                $"> --target-gap {o.TargetGap:E2}; its atoms are approximate (exit code {ExitCodes.NotConverged}).");
            return ExitCodes.NotConverged;
        }
        return ExitCodes.Success;
    }

    /// <summary>Fail before the (possibly long) computation rather than after it.</summary>
    static void CheckOutputFolder(string path)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new PidInputException($"--out '{path}' is not a valid path ({ex.Message}).", ex);
        }
        if (Directory.Exists(full))
            throw new PidInputException($"--out '{path}' is a folder; give a file name.");
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new PidInputException($"--out '{path}': folder '{folder}' does not exist.");
    }
}
