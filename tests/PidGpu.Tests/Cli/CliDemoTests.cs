using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu demo</c> takes the question path: the scene tasks written as a question set into the run folder, then
/// <c>knockout --data</c>'s code on the tiny model (<see cref="PidGpu.Models.Analysis.QuestionRun"/>). With 10 samples per task no task reaches the 60 an estimate needs, so the run
/// stops after the forward passes with that error, naming the written question file, and leaves no scratch folder behind.
/// </summary>
public class CliDemoTests
{
    static string ModelDirectory => Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm");

    [Fact]
    public void Demo_RunsTheWrittenScenesThroughTheQuestionPath_AndRemovesThem()
    {
        using var temp = new TempFolder();
        string output = temp.File("run");
        var run = CliRun.Of("demo", "--model", ModelDirectory, "--samples", "10", "--device", "cpu", "--out", output);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"no task of {Path.Combine(output, PidGpu.Models.Analysis.QuestionRun.ScenesFolder, "questions.jsonl")} has 60 correctly answered samples", run.Stderr);
        Assert.Contains("10 tasks x 10 questions", run.Stderr);
        Assert.Contains("knockout:0-1", run.Stderr); // the demo's windows: the first half of the 4 blocks, then all
        Assert.Contains("knockout:0-3", run.Stderr);
        Assert.False(Directory.Exists(output), "the demo left its scratch folders");
    }

    [Theory]
    [InlineData(1, new[] { 0 }, new[] { 0 })]
    [InlineData(2, new[] { 0, 0 }, new[] { 0, 1 })]
    [InlineData(4, new[] { 0, 0 }, new[] { 1, 3 })]
    [InlineData(5, new[] { 0, 0 }, new[] { 1, 4 })]
    public void HalfAndAllBlocks_FirstHalfThenAll(int blocks, int[] firsts, int[] lasts)
    {
        var windows = DemoCommand.HalfAndAllBlocks(blocks);
        Assert.Equal(firsts.Zip(lasts).Select(p => (p.First, p.Second)), windows);
    }
}
