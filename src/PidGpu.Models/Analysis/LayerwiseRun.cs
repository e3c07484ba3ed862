using PidGpu.Report;
using PidGpu.Device;
using PidGpu.Models.Training;
using PidGpu.Progress;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The layer-wise analysis of a scene VLM on generated scenes as one call (<c>analyze</c> and <c>knockout</c> without <c>--data</c>):
/// the model, its knockout windows checked against its decoder blocks, the device, then <see cref="LayerwiseAnalysis.Run"/>.
/// Saving and rendering the run is the caller's. (<c>demo</c> takes the question path instead: <c>pidgpu scenes</c>, then
/// <c>knockout --data</c>.)
/// </summary>
public static class LayerwiseRun
{
    /// <summary>Runs <paramref name="request"/>; progress lines (the device, training, accuracies) go to <paramref name="progress"/>.</summary>
    /// <exception cref="PidInputException">A knockout window outside the model's decoder blocks.</exception>
    public static RunResults Execute(LayerwiseRequest request, RunProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RunProgress();
        using var vlm = TinyVlm.Load(request.Model);
        if (request.TorchDevice is { } torchDevice) vlm.Model.MoveTo(torchDevice);
        int blocks = vlm.Model.Config.Text.NumHiddenLayers;
        var options = request.Options;
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
