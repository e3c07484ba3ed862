using PidGpu.Report;
using PidGpu.Device;
using PidGpu.Progress;

namespace PidGpu.Models.Analysis;

/// <summary>Where one task × condition's layer estimates go: the run's device, names, options, record list, stage clocks and progress.</summary>
internal sealed record LayerRun(PidDevice Device, string Model, string Condition, double Accuracy, LayerwiseOptions O,
    List<LayerRecord> Records, Dictionary<string, double> Stages, RunProgress Progress, StageMeter Meter, CancellationToken Cancel);
