using System.Text.Json;
using PidGpu.Estimate;
using PidGpu.Formats;
using PidGpu.Report;

namespace PidGpu.Tests;

public class FormatsDecompositionJsonTests
{
    static readonly InputDescription Input = new("columns", "x1=a.txt, x2=b.txt, y=c.txt", 4, 4, 4, 1000, 4, "quantile");

    [Fact]
    public void OnlyRequestedMeasures_WithFullPrecision()
    {
        double third = 1.0 / 3.0;
        var result = new DiscreteDecomposition(
            IMin: new PidAtoms(third, 0.1, 0.2, 0.3, third + 0.6),
            Mmi: null,
            Broja: new BrojaAtoms(0.5, 0, 0, 1, 1.5, 3.2e-12, 17, true));

        using var doc = JsonDocument.Parse(DecompositionJson.Serialize(Input, "cpu: CPUAccelerator", result));
        var root = doc.RootElement;
        Assert.Equal("cpu: CPUAccelerator", root.GetProperty("device").GetString());
        var input = root.GetProperty("input");
        Assert.Equal("columns", input.GetProperty("mode").GetString());
        Assert.Equal(4, input.GetProperty("ny").GetInt32());
        Assert.Equal(1000, input.GetProperty("samples").GetInt32());
        Assert.Equal("quantile", input.GetProperty("binning").GetString());

        var measures = root.GetProperty("measures");
        Assert.False(measures.TryGetProperty("mmi", out _));
        Assert.Equal(third, measures.GetProperty("imin").GetProperty("R").GetDouble()); // exact round trip
        Assert.False(measures.GetProperty("imin").TryGetProperty("gap_bits", out _));
        var broja = measures.GetProperty("broja");
        Assert.Equal(3.2e-12, broja.GetProperty("gap_bits").GetDouble());
        Assert.Equal(17, broja.GetProperty("iterations").GetInt32());
        Assert.True(broja.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void JointInput_OmitsSamplingFields()
    {
        var json = DecompositionJson.Serialize(new InputDescription("joint", "t.json", 2, 2, 2), "cpu",
            new DiscreteDecomposition(null, new PidAtoms(0, 0, 0, 1, 1), null));
        using var doc = JsonDocument.Parse(json);
        var input = doc.RootElement.GetProperty("input");
        Assert.False(input.TryGetProperty("samples", out _));
        Assert.False(input.TryGetProperty("bins", out _));
    }

    [Fact]
    public void NonFiniteAtom_IsAnEngineBug_NotInvalidJson() =>
        Assert.Throws<InvalidOperationException>(() => DecompositionJson.Serialize(Input, "cpu",
            new DiscreteDecomposition(new PidAtoms(double.NaN, 0, 0, 0, 0), null, null)));
}
