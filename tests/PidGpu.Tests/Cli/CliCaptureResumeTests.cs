using System.Globalization;
using PidGpu.Cli;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu capture --resume</c> on a tiny random LLaVA-1.5 checkpoint: a capture interrupted (Ctrl-C, in-process) after two
/// questions keeps a checkpoint; resumed, it writes states.safetensors and samples.jsonl byte for byte as an uninterrupted
/// capture does, the skipped sample reported again. A resume under another --pooling is refused, naming it.
/// </summary>
public sealed class CliCaptureResumeTests : IDisposable
{
    readonly TempFolder temp = new();
    public CliCaptureResumeTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void InterruptedAfterTwoQuestions_ThenResumed_WritesTheUninterruptedFiles()
    {
        string model = temp.File("model");
        TinyHfLlava.Write(model, 5, ArrayDType.Float32);
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path, [.. CliInspectTests.Questions,
            new TinyHfLlava.Question("206", "img9", "Is the jar full or empty?", "empty", "chooseAttr")], CliInspectTests.Images);
        string whole = temp.File("whole"), resumed = temp.File("resumed");
        string[] Args(string output) => ["capture", "--model", model, "--data", questions, "--images", images, "--answers", "all",
            "--checkpoint-every", "1", "--out", output];
        var first = CliRun.Of(Args(whole));
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.False(File.Exists(Path.Combine(whole, CaptureCheckpointFile.PointerFile)), "a finished capture leaves no checkpoint");

        using var interrupt = new CancellationTokenSource();
        var stderr = new CancellingWriter("progress 50%", interrupt);
        int code = CliApp.Run(Args(resumed), new StringWriter(CultureInfo.InvariantCulture), stderr, interrupt.Token);
        Assert.True(code == ExitCodes.Interrupted, $"exit {code}\n{stderr}");
        Assert.True(File.Exists(Path.Combine(resumed, CaptureCheckpointFile.PointerFile)), stderr.ToString());
        Assert.False(File.Exists(Path.Combine(resumed, CapturedStates.StatesFile)));

        var refused = CliRun.Of([.. Args(resumed), "--pooling", "max", "--resume"]);
        Assert.True(refused.ExitCode == ExitCodes.BadInput, refused.ToString());
        Assert.Contains("--pooling was 'mean', now 'max'", refused.Stderr);

        var rest = CliRun.Of([.. Args(resumed), "--resume"]);
        Assert.True(rest.ExitCode == ExitCodes.Success, rest.ToString());
        Assert.Contains("resume: 2 questions done", rest.Stderr);
        Assert.Contains("1 sample skipped: '206'", rest.Stderr);
        foreach (var file in new[] { CapturedStates.StatesFile, CapturedStates.SamplesFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, file)), File.ReadAllBytes(Path.Combine(resumed, file)));
        Assert.False(File.Exists(Path.Combine(resumed, CaptureCheckpointFile.PointerFile)));
        Assert.False(Directory.Exists(Path.Combine(resumed, CaptureCheckpointFile.FolderName)));
    }
}
