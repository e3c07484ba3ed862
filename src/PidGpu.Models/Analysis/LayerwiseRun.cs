using PidGpu.Analysis;
using PidGpu.Device;
using PidGpu.Models.Training;
using PidGpu.Progress;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The layer-wise analysis of a scene VLM as one call, for every front end (<c>analyze</c>, <c>knockout</c>, <c>demo</c>):
/// the model (trained first when asked), its knockout windows checked against its decoder blocks, the device, then
/// <see cref="LayerwiseAnalysis.Run"/>. Saving and rendering the run is the caller's.
/// </summary>
public static class LayerwiseRun
{
    /// <summary>Runs <paramref name="request"/>; progress lines (the device, training, accuracies) go to <paramref name="progress"/>.</summary>
    /// <exception cref="PidInputException">A knockout window outside the model's decoder blocks.</exception>
    public static RunResults Execute(LayerwiseRequest request, RunProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RunProgress();
        if (request.TrainWhenMissing && !File.Exists(Path.Combine(request.Model, "config.json")))
        {
            progress.Log($"no model in {request.Model}; training the tiny scene VLM there");
            TinyVlmTrainer.Train(new TinyVlmOptions { Device = request.TorchDevice }, request.Model, progress.Log);
        }
        using var vlm = TinyVlm.Load(request.Model);
        if (request.TorchDevice is { } torchDevice) vlm.Model.MoveTo(torchDevice);
        int blocks = vlm.Model.Config.Text.NumHiddenLayers;
        var options = request.KnockoutsForBlocks is { } windows ? request.Options with { Knockouts = windows(blocks) } : request.Options;
        foreach (var (first, last) in options.Knockouts)
            if (last >= blocks) throw new PidInputException($"knockout window {first}-{last} is outside the model's decoder blocks 0-{blocks - 1}.");
        using var device = PidDevice.Create(request.Device);
        progress.Log($"device: {device.Description}");
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.Model)));
        return LayerwiseAnalysis.Run(device, vlm, name, options, progress, cancel);
    }

    /// <summary>The demo's windows: the first half of the decoder blocks and all of them (the paper knocks out all layers).</summary>
    public static IReadOnlyList<(int First, int Last)> HalfAndAllBlocks(int blocks) =>
        blocks > 1 ? [(0, blocks / 2 - 1), (0, blocks - 1)] : [(0, 0)];
}
