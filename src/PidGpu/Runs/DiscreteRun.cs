using System.Diagnostics;
using PidGpu.Device;
using PidGpu.Estimate;
using PidGpu.Formats;
using PidGpu.Progress;

namespace PidGpu.Runs;

/// <summary>
/// The discrete route: read and check the input, start an accelerator only where one is needed, make the joint table(s)
/// and decompose them. Notes (device, input) go to the progress sink's log as the run reaches them.
/// </summary>
internal static class DiscreteRun
{
    /// <summary>What is recorded as the device when no accelerator is started.</summary>
    public const string HostDevice = "host (a joint table needs no accelerator)";

    /// <summary>Runs estimated to last longer than this show their progress.</summary>
    const double ProgressFromSeconds = 3;

    /// <exception cref="PidInputException">Bad input, or a BROJA run over its budget.</exception>
    public static IDecompositionResult Execute(DiscreteRequest request, IProgressSink? sink = null, CancellationToken cancel = default)
    {
        sink ??= IProgressSink.None;
        if (request.Input is JointBatchInput batch) return ExecuteBatch(request, batch, sink, cancel);
        var resolve = request.Input.Load();

        // A joint table or counts need no accelerator: with DeviceKind.Auto and the Newton solver, none is started.
        using var device = DeviceFor(request.Input.NeedsDevice, request);
        string deviceText = device?.Description ?? HostDevice;
        sink.Log($"device: {deviceText}");
        var (joint, description) = resolve(device);
        sink.Log($"input: {description.Mode} {description.Description} ({joint.N1}x{joint.N2}x{joint.NY})");

        var options = Options(request, [joint], sink, cancel);
        var result = new DiscretePidEngine(device).Decompose(joint, request.Measures, options);
        return new DiscreteRunResult(description, deviceText, result, options.TargetGapBits);
    }

    /// <summary>Every table of a batch, solved side by side, in input order.</summary>
    static JointBatchRunResult ExecuteBatch(DiscreteRequest request, JointBatchInput input, IProgressSink sink, CancellationToken cancel)
    {
        var joints = input.Read();
        using var device = DeviceFor(needsDevice: false, request);
        string deviceText = device?.Description ?? HostDevice;
        sink.Log($"device: {deviceText}");
        var j = joints[0];
        sink.Log($"input: joints {input.Path} ({joints.Length} problems of {j.N1}x{j.N2}x{j.NY})");
        var options = Options(request, joints, sink, cancel);

        long start = Stopwatch.GetTimestamp();
        var results = new DiscretePidEngine(device).Decompose(joints, request.Measures, options);
        double total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var description = new InputDescription("joints", input.Path, j.N1, j.N2, j.NY);
        return new JointBatchRunResult(description, deviceText, results, total, options.TargetGapBits);
    }

    /// <summary>The accelerator a discrete run needs: none for tables with DeviceKind.Auto and the Newton solver, which run
    /// on the host; otherwise the one asked for.</summary>
    static PidDevice? DeviceFor(bool needsDevice, DiscreteRequest r) =>
        needsDevice || r.Device != DeviceKind.Auto || r.Broja.Solver != BrojaSolverKind.Newton ? PidDevice.Create(r.Device) : null;

    /// <summary>Checks the budget for BROJA and, for a run estimated to last more than a few seconds, shows its progress.</summary>
    static BrojaOptions Options(DiscreteRequest r, IReadOnlyList<JointDistribution> joints, IProgressSink sink, CancellationToken cancel)
    {
        var options = r.Broja with { Cancellation = cancel };
        if (!r.Measures.Contains(PidMeasures.Broja) || joints.Count == 0) return options;
        // The first table stands for the batch (they share a shape; supports may differ).
        var cost = r.Budget.Check(joints[0], joints.Count, options.Solver);
        return cost.Seconds < ProgressFromSeconds || options.Solver != BrojaSolverKind.Newton ? options
            : options with { Progress = new RunProgress(sink) };
    }
}
