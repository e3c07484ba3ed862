using PidGpu.Cli;
using PidGpu.Models.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// --torch-device on every command that runs the model. This repository's build carries the CPU-only LibTorch package, so
/// cuda is a clear error (exit 2, before any work, naming the flag and the way to a CUDA build) wherever TorchSharp's CUDA
/// backend is missing; cpu (the default) gives exactly what no flag gives.
/// </summary>
public sealed class CliTorchDeviceTests : IDisposable
{
    readonly TempFolder temp = new();

    public CliTorchDeviceTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    [SkippableTheory]
    [InlineData("capture")]
    [InlineData("analyze")]
    [InlineData("knockout")]
    [InlineData("analyze-scene")]
    [InlineData("train-tiny")]
    [InlineData("demo")]
    public void Cuda_WithoutTheCudaBackend_ExitsTwoBeforeAnyWork_NamingTheFlagAndTheCudaBuild(string command)
    {
        Skip.If(PidGpu.Models.TorchRuntime.CudaAvailable(), "TorchSharp's CUDA backend is present here");
        string model = temp.File("model");
        TinyHfLlava.Write(model, 9);
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        string output = temp.File("out");
        string[] question = ["--model", model, "--data", data, "--images", images, "--out", output, "--torch-device", "cuda"];
        var run = command switch
        {
            "capture" => CliRun.Of(["capture", .. question]),
            "analyze" => CliRun.Of(["analyze", .. question, "--answers", "all"]),
            "knockout" => CliRun.Of(["knockout", .. question]),
            "analyze-scene" => CliRun.Of("analyze", "--model", Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm"), "--out", output, "--torch-device", "cuda"),
            "train-tiny" => CliRun.Of("train-tiny", "--steps", "5", "--out", output, "--torch-device", "cuda"),
            _ => CliRun.Of("demo", "--model", temp.File("untrained"), "--out", output, "--torch-device", "cuda"),
        };
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--torch-device cuda: TorchSharp's CUDA backend is not available", run.Stderr);
        Assert.Contains("-p:PidGpuTorchBackend=cuda", run.Stderr);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), $"{command} wrote into {output}");
        Assert.False(Directory.Exists(temp.File("untrained")), "demo started training");
    }

    [Fact]
    public void Cpu_GivesExactlyTheDefaultCapture_AndAnUnknownDeviceIsBadInput()
    {
        string model = temp.File("model");
        TinyHfLlava.Write(model, 9);
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        string[] input = ["capture", "--model", model, "--data", data, "--images", images, "--answers", "all"];
        var byDefault = CliRun.Of([.. input, "--out", temp.File("default")]);
        Assert.True(byDefault.ExitCode == ExitCodes.Success, byDefault.ToString());
        var cpu = CliRun.Of([.. input, "--torch-device", "cpu", "--out", temp.File("cpu")]);
        Assert.True(cpu.ExitCode == ExitCodes.Success, cpu.ToString());
        foreach (string file in new[] { CapturedStates.StatesFile, CapturedStates.SamplesFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File("default"), file)), File.ReadAllBytes(Path.Combine(temp.File("cpu"), file)));

        var other = CliRun.Of([.. input, "--torch-device", "tpu", "--out", temp.File("tpu")]);
        Assert.Equal(ExitCodes.BadInput, other.ExitCode);
        Assert.Contains("--torch-device 'tpu' is not one of cpu, cuda", other.Stderr);
        Assert.False(Directory.Exists(temp.File("tpu")));
    }
}
