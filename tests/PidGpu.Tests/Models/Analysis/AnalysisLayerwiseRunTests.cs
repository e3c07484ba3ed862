using PidGpu.Models.Analysis;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="LayerwiseRun"/>, the scene analysis' entry point (analyze without --data): the demo's knockout
/// windows from a model's block count, and a window outside the shipped tiny model's 4 decoder blocks refused before any
/// forward pass, and the intact rows not depending on whether knockouts are also requested. The full runs are checked against
/// the tasks' designed structure by CliAnalyzeTests.
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

    /// <summary>
    /// The intact condition must be the same numbers, bit for bit, whether or not knockouts run beside it: each condition's
    /// PCA, copula and bootstrap are fitted on its own rows, so requested knockouts (and the device work they leave behind
    /// before the next task's intact estimate) may not move an intact row. Spatial comes first so that Attribute's intact
    /// estimate follows Spatial's knockout passes and fits; the bootstrap covers the resampling seed stream. The PID device
    /// is the default (auto): on a GPU machine this checks the device-resident route too.
    /// </summary>
    [Fact]
    public void IntactRows_AreBitIdentical_WithOrWithoutKnockouts()
    {
        var options = new LayerwiseOptions
        {
            Tasks = [PidGpu.Models.Scenes.SceneTaskKind.Spatial, PidGpu.Models.Scenes.SceneTaskKind.Attribute],
            SamplesPerTask = 80, MinimumSamples = 30, Bootstrap = 16,
        };
        var alone = LayerwiseRun.Execute(new LayerwiseRequest(ModelDirectory, options)).Records;
        var beside = LayerwiseRun.Execute(new LayerwiseRequest(ModelDirectory, options with { Knockouts = [(0, 1), (0, 3)] })).Records;

        Assert.Equal(2 * 5, alone.Count); // both tasks analysed, 5 states each
        Assert.Equal(3 * alone.Count, beside.Count);
        Assert.All(alone, r => Assert.NotNull(r.Lower));
        Assert.Equal(alone, beside.Where(r => r.Condition == PidGpu.Analysis.Conditions.Intact).ToList());
    }
}
