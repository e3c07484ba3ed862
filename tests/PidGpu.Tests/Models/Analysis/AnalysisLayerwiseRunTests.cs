using PidGpu.Models.Analysis;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="LayerwiseRun"/>, the scene analysis' entry point (analyze without --data): the demo's knockout
/// windows from a model's block count, and a window outside the shipped tiny model's 4 decoder blocks refused before any
/// forward pass. The full runs are checked against the tasks' designed structure by CliAnalyzeTests.
/// </summary>
public class AnalysisLayerwiseRunTests
{
    static string ModelDirectory => Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm");

    [Theory]
    [InlineData(1, new[] { 0 }, new[] { 0 })]
    [InlineData(2, new[] { 0, 0 }, new[] { 0, 1 })]
    [InlineData(4, new[] { 0, 0 }, new[] { 1, 3 })]
    [InlineData(5, new[] { 0, 0 }, new[] { 1, 4 })]
    public void HalfAndAllBlocks_FirstHalfThenAll(int blocks, int[] firsts, int[] lasts)
    {
        var windows = LayerwiseRun.HalfAndAllBlocks(blocks);
        Assert.Equal(firsts.Zip(lasts).Select(p => (p.First, p.Second)), windows);
    }

    [Fact]
    public void WindowBeyondTheModel_IsRefusedWithTheModelsBlocks()
    {
        var request = new LayerwiseRequest(ModelDirectory, new LayerwiseOptions { SamplesPerTask = 10, Knockouts = [(0, 4)] });
        var e = Assert.Throws<PidInputException>(() => LayerwiseRun.Execute(request));
        Assert.Equal("knockout window 0-4 is outside the model's decoder blocks 0-3.", e.Message);
    }
}
