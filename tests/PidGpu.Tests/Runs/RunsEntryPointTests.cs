using System.Globalization;
using System.Text.Json;
using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Runs;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The library's one decomposition entry point (<see cref="DecompositionRun"/>), called as any program would, without the
/// CLI: a route's atoms against the literature, and its errors' machine-readable fields (setting, row, column), which
/// front ends word themselves.
/// </summary>
public class RunsEntryPointTests
{
    static string DemoJoint => Path.Combine(SharedCanonical.RepoRoot(), "scripts", "demo", "rdnunqxor.json");

    [Fact]
    public void JointTable_RdnUnqXor_BrojaGivesOneBitEach()
    {
        // Griffith & Koch (2014): RDNUNQXOR carries one redundant, one unique per source and one synergistic bit (I = 4).
        var result = DecompositionRun.Execute(new DiscreteRequest(new JointTableInput(DemoJoint)));
        var run = Assert.IsType<DiscreteRunResult>(result);
        var b = run.Result.Broja!;
        Assert.Equal(1, b.R, 1e-6);
        Assert.Equal(1, b.U1, 1e-6);
        Assert.Equal(1, b.U2, 1e-6);
        Assert.Equal(1, b.S, 1e-6);
        Assert.Equal(4, b.I, 1e-9);
        Assert.Null(result.Missed);
        Assert.Equal(DiscreteRun.HostDevice, run.Device); // a table needs no accelerator
        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal(b.R, json.RootElement.GetProperty("measures").GetProperty("broja").GetProperty("R").GetDouble());
        var table = new StringWriter(CultureInfo.InvariantCulture);
        result.WriteTable(table);
        Assert.Contains("broja      1.000000   1.000000   1.000000   1.000000   4.000000", table.ToString());
    }

    [Fact]
    public void BrojaOverBudget_NamesTheLimitAndAValueThatLiftsIt()
    {
        var request = new DiscreteRequest(new JointTableInput(DemoJoint)) { Budget = new BrojaBudget(1e-12, long.MaxValue) };
        var e = Assert.Throws<PidInputException>(() => DecompositionRun.Execute(request));
        Assert.Equal(BrojaBudget.MaxSecondsSetting, e.Setting);
        Assert.True(double.Parse(e.SuggestedValue!, CultureInfo.InvariantCulture) > 1e-12);
        Assert.DoesNotContain("--", e.Message);
        var lifted = request with { Budget = new BrojaBudget(double.Parse(e.SuggestedValue!, CultureInfo.InvariantCulture), long.MaxValue) };
        Assert.IsType<DiscreteRunResult>(DecompositionRun.Execute(lifted));
    }

    [Fact]
    public void FloatColumns_FewerSamplesThanBins_NameTheBinSetting()
    {
        using var temp = new TempFolder();
        var column = temp.WriteColumn("c.txt", [1f, 2f, 3f]);
        var request = new DiscreteRequest(new FloatColumnsInput(column, column, column, 5, BinningMode.Quantile)) { Device = DeviceKind.Cpu };
        var e = Assert.Throws<PidInputException>(() => DecompositionRun.Execute(request));
        Assert.Equal(FloatColumnsInput.BinsSetting, e.Setting);
        Assert.StartsWith("5 needs at least 5 samples", e.Problem);
    }

    [Fact]
    public void NonFiniteMatrixValue_CarriesRowColumnAndTheDropSetting_AndDroppingItRuns()
    {
        using var temp = new TempFolder();
        var rng = new Random(5);
        var x = Enumerable.Range(0, 200 * 2).Select(_ => (float)rng.NextDouble()).ToArray();
        x[17 * 2 + 1] = float.NaN;
        var y = Enumerable.Range(0, 200).Select(i => x[i * 2] + (float)rng.NextDouble()).ToArray();
        var input = new GaussianMatricesInput(GaussianSamples.WriteNpy(temp, "x1.npy", x, 2),
            GaussianSamples.WriteNpy(temp, "x2.npy", Enumerable.Range(0, 200).Select(_ => (float)rng.NextDouble()).ToArray(), 1),
            GaussianSamples.WriteNpy(temp, "y.npy", y, 1));
        var request = new GaussianRequest(input) { Device = DeviceKind.Cpu, Measures = [PidMeasures.Mmi] };

        var e = Assert.Throws<PidInputException>(() => DecompositionRun.Execute(request));
        Assert.Equal(PidFlowSettings.DropNonFiniteSetting, e.Setting);
        Assert.Equal(17, e.Row);
        Assert.Equal(1, e.Column);
        Assert.True(double.IsNaN(e.Value!.Value));

        var run = Assert.IsType<GaussianRunResult>(DecompositionRun.Execute(request with { DropNonFinite = true }));
        Assert.Equal(1, run.Input.DroppedRows);
        Assert.Equal(199, run.Input.Samples);
        Assert.Null(run.Gpid);
        Assert.True(run.Mmi!.I > 0);
    }
}
