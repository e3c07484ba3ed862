using PidGpu.Report;
using PidGpu.Formats;

namespace PidGpu.Cli;

/// <summary><c>pidgpu compare</c>: layer-wise Pearson r per atom between two saved runs.</summary>
internal static class CompareCommand
{
    public static int Run(CompareOptions o, TextWriter stdout, TextWriter stderr, OutputGate gate)
    {
        if (o.Out is { } outPath)
            OutputPath.Check(outPath, [Path.Combine(o.RunA, RunResults.ResultsFileName), Path.Combine(o.RunB, RunResults.ResultsFileName)]);
        var comparison = RunComparison.Of(RunResults.Load(RunFolderArgument.Check(o.RunA, "RUN_A")),
            RunResults.Load(RunFolderArgument.Check(o.RunB, "RUN_B")));
        stdout.Write(comparison.ToTable());
        gate.BeginWriting();
        if (o.Out is { } path)
            AtomicFile.WriteAllText(path, comparison.ToJson());
        return ExitCodes.Success;
    }
}
