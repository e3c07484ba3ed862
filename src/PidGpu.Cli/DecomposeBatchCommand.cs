using System.Diagnostics;
using PidGpu.Device;
using PidGpu.Estimators;
using PidGpu.Formats;
using PidGpu.Pid;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu decompose --joints FILE.npy</c>: every table of an (N, n1, n2, ny) batch, solved side by side, written in
/// input order as <c>{"problems": [{"measures": {...}, "solve_seconds": t}, ...], "solve_seconds": total}</c>.
/// </summary>
internal static class DecomposeBatchCommand
{
    public static int Run(DecomposeOptions o, PidMeasure measures, BrojaOptions options, BrojaBudget budget, DeviceKind kind,
        TextWriter stdout, TextWriter stderr, OutputGate gate)
    {
        var path = o.Joints!;
        var joints = JointBatchReader.Read(path);
        using var device = DecomposeCommand.DeviceFor(needsDevice: false, kind, options.Solver);
        string deviceText = device?.Description ?? DecomposeCommand.HostDevice;
        stderr.WriteLine($"device: {deviceText}");
        var j = joints[0];
        stderr.WriteLine($"input: joints {path} ({joints.Length} problems of {j.N1}x{j.N2}x{j.NY})");
        options = DecomposeCommand.WithProgress(options, measures, budget, joints, stderr);

        long start = Stopwatch.GetTimestamp();
        var results = new DiscretePidEngine(device).Decompose(joints, measures, options);
        double total = Stopwatch.GetElapsedTime(start).TotalSeconds;

        stdout.WriteLine($"{joints.Length} problems solved in {total:F3} s ({total / joints.Length * 1e3:F3} ms each)");
        if (results.Count <= 10)
            foreach (var r in results) ResultTable.Write(stdout, r);
        gate.BeginWriting();
        if (o.Out is { } outPath)
        {
            var input = new InputDescription("joints", path, j.N1, j.N2, j.NY);
            AtomicFile.WriteAllText(outPath, DecompositionJson.SerializeBatch(input, deviceText, results, total));
        }
        return DecomposeCommand.NotConvergedWarning(results.Where(r => r.Broja is { Converged: false }).ToArray(), options.TargetGapBits, stderr);
    }
}
