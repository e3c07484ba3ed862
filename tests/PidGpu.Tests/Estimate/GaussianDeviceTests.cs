using ILGPU;
using ILGPU.Runtime;
using PidGpu.Estimate;
using PidGpu.Estimate.Measures;
using PidGpu.Kernels.Gaussian;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The batched device path (<see cref="GaussianPidEngine"/> / <see cref="GaussianPidSolver"/> on the CPU accelerator)
/// against the host path and the reference data (Reference/); several problems per launch.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class GaussianDeviceTests(EngineDeviceFixture fixture)
{
    GaussianPidEngine Engine => new(fixture.Device);

    static void AssertClose(PidAtoms want, PidAtoms got, double tol, string what)
    {
        foreach (var (a, b, n) in new[] { (want.R, got.R, "R"), (want.U1, got.U1, "U1"), (want.U2, got.U2, "U2"), (want.S, got.S, "S"), (want.I, got.I, "I") })
            Assert.True(Math.Abs(a - b) <= tol, $"{what} {n}: host {a}, device {b}");
    }

    [Fact]
    public void ScalarReferenceCases_OneLaunch_MatchReferenceAndHost()
    {
        var cases = GaussianCase.All.Where(c => c.DY == 1).ToArray();
        Assert.Equal(3, cases.Length);
        var broja = Engine.Decompose(cases.Select(c => c.Cov).ToArray(), 1, 1, 1, PidMeasures.Broja);
        var mmi = Engine.Decompose(cases.Select(c => c.Cov).ToArray(), 1, 1, 1, PidMeasures.Mmi);
        for (int b = 0; b < cases.Length; b++)
        {
            var k = cases[b];
            var g = Assert.IsType<GpidAtoms>(broja[b]);
            Assert.True(g.Converged);
            AssertClose(BrojaMeasure.Gpid(k.Cov, 1, 1, 1), g, 1e-9, k.Name);
            AssertClose(PidMeasures.Mmi.Gaussian(k.Cov, 1, 1, 1), mmi[b], 1e-9, k.Name + " MMI");
            foreach (var (atom, want) in k.Gpid)
                Assert.Equal(want, atom switch { "R" => g.R, "U1" => g.U1, "U2" => g.U2, _ => g.S }, 1e-3);
        }
    }

    [Fact]
    public void VectorTargetDoubling_OnDevice_MatchesReference()
    {
        var k = GaussianCase.Named("vector-target-doubling");
        var g = Assert.IsType<GpidAtoms>(Engine.Decompose([k.Cov], 2, 2, 2, PidMeasures.Broja)[0]);
        Assert.True(g.Converged);
        Assert.Equal(k.Gpid["R"], g.R, 1e-3);
        Assert.Equal(k.Gpid["U1"], g.U1, 1e-3);
        Assert.Equal(k.Gpid["U2"], g.U2, 1e-3);
        Assert.Equal(k.Gpid["S"], g.S, 1e-3);
    }

    [Fact]
    public void RandomBatch_MatchesHostProblemByProblem()
    {
        const int d1 = 3, d2 = 4, dy = 2, problems = 7;
        var rng = new Random(4242);
        var covs = Enumerable.Range(0, problems).Select(_ => GaussianSolverTests.RandomCovariance(rng, d1 + d2 + dy)).ToArray();
        var device = Engine.Decompose(covs, d1, d2, dy, PidMeasures.Broja);
        for (int b = 0; b < problems; b++)
        {
            var host = BrojaMeasure.Gpid(covs[b], d1, d2, dy);
            var g = Assert.IsType<GpidAtoms>(device[b]);
            Assert.True(g.Converged, $"problem {b}: gap {g.GapBits}");
            // Same algorithm; the CPU accelerator's math may differ from .NET's in the last bits.
            AssertClose(host, g, 1e-7, $"problem {b}");
        }
    }

    [Fact]
    public void Ridge_OnDevice_MatchesHostRidge()
    {
        // X1 duplicated: singular without a ridge, fine with one, on both paths alike.
        var cov = new double[,] { { 1, 1, 0.2, 0.5 }, { 1, 1, 0.2, 0.5 }, { 0.2, 0.2, 1, 0.3 }, { 0.5, 0.5, 0.3, 1 } };
        var options = new GaussianOptions(Ridge: 1e-6);
        Assert.Throws<PidInputException>(() => Engine.Decompose([cov], 2, 1, 1, PidMeasures.Mmi));
        AssertClose(PidMeasures.Mmi.Gaussian(cov, 2, 1, 1, options), Engine.Decompose([cov], 2, 1, 1, PidMeasures.Mmi, options)[0], 1e-9, "MMI");
        AssertClose(BrojaMeasure.Gpid(cov, 2, 1, 1, options), Engine.Decompose([cov], 2, 1, 1, PidMeasures.Broja, options)[0], 1e-7, "~G-PID");
    }

    [Fact]
    public void SingularProblemInABatch_ErrorNamesProblemAndBlock()
    {
        var good = GaussianCase.Named("correlated-noise-unique").Cov;
        // X2 = Y exactly: the (X2,Y) block is singular.
        var bad = new double[,] { { 2, 1, 1 }, { 1, 1, 1 }, { 1, 1, 1 } };
        var e = Assert.Throws<PidInputException>(() => Engine.Decompose([good, bad, good], 1, 1, 1, PidMeasures.Broja));
        Assert.Contains("covariance 1 (of 3)", e.Message);
        Assert.Contains("(X2,Y)", e.Message);
        Assert.Contains("ridge", e.Message);
    }

    [Fact]
    public void Solver_ReportsStatusCodes()
    {
        var shape = new GaussianShape(1, 1, 1);
        double[] cov = [1, 0, 0, 0, 1, 0, 0, 0, 0]; // Y has zero variance
        var acc = fixture.Device.Accelerator;
        using var buffer = acc.Allocate1D(cov);
        var o = Engine.Solve(buffer.View, shape, 1, GaussianPidSettings.Default(true));
        Assert.Equal((int)GaussianStatus.TargetSingular, o[0].Status);
    }
}
