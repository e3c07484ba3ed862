using PidGpu.Models.Llava;
using PidGpu.Models.Training;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The 2-D sine-cosine start for the vision position embeddings, checked by the property that defines it: the inner
/// product of two patches' codes is Σ_k cos(Δrow·ω_k) + Σ_k cos(Δcol·ω_k), a function of the offset alone.
/// </summary>
[Collection(TorchSerialCollection.Name)]
public class SinCosPositionsTests
{
    [Fact]
    public void InnerProducts_DependOnlyOnTheRowAndColumnOffsets_AndTheClassTokenIsZero()
    {
        const int grid = 4, width = 16, pairs = 4;
        var t = SinCosPositions.Table(grid, width);
        Assert.All(t.Take(width), v => Assert.Equal(0f, v));
        double Dot(int p, int q) => Enumerable.Range(0, width).Sum(i => (double)t[p * width + i] * t[q * width + i]);
        double Expected(int dr, int dc) => Enumerable.Range(0, pairs).Sum(k =>
            Math.Cos(dr * Math.Pow(1e4, -k / (double)pairs)) + Math.Cos(dc * Math.Pow(1e4, -k / (double)pairs)));
        for (int a = 0; a < grid * grid; a++)
            for (int b = 0; b < grid * grid; b++)
                Assert.Equal(Expected(a / grid - b / grid, a % grid - b % grid), Dot(1 + a, 1 + b), 5);
    }

    [Fact]
    public void Table_RejectsAWidthNotDivisibleByFour() =>
        Assert.Contains("divisible by 4", Assert.Throws<PidInputException>(() => SinCosPositions.Table(4, 18)).Message);

    [Fact]
    public void Apply_WritesTheTableIntoThePositionEmbeddingParameter()
    {
        var config = TinyVlmShape.Small.ToConfig(40);
        using var model = new LlavaModel(config);
        SinCosPositions.Apply(model);
        var weight = model.named_parameters().Single(p => p.name.EndsWith("position_embedding.weight", StringComparison.Ordinal)).parameter;
        Assert.True(weight.requires_grad);
        Assert.Equal(SinCosPositions.Table(4, config.Vision.HiddenSize), weight.data<float>().ToArray());
    }
}
