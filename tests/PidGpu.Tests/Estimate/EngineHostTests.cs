using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>The host-only engine (no accelerator) against the device engine and against gates with known answers.</summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineHostTests(EngineDeviceFixture fixture)
{
    [Fact]
    public void HostAndDevice_AgreeOnEveryMeasure()
    {
        var rng = new Random(31);
        var joints = new[] { HostPid.Dirichlet(rng, 3, 4, 5, 0.2), HostPid.Dirichlet(rng, 3, 4, 5, 0), HostPid.Dirichlet(rng, 6, 2, 3, 0.3) };
        var host = DiscretePidEngine.Host.Decompose(joints, PidMeasures.All);
        var device = new DiscretePidEngine(fixture.Device).Decompose(joints, PidMeasures.All);
        for (int k = 0; k < joints.Length; k++)
        {
            foreach (var (h, d) in new[] { (host[k].IMin!, device[k].IMin!), (host[k].Mmi!, device[k].Mmi!), (host[k].Broja!, device[k].Broja!) })
            {
                Assert.Equal(d.R, h.R, 1e-12);
                Assert.Equal(d.S, h.S, 1e-12);
                Assert.Equal(d.I, h.I, 1e-12);
            }
            Assert.True(host[k].SolveSeconds > 0);
        }
    }

    [Fact]
    public void Host_XorAndCopy_HaveTheirTextbookAtoms()
    {
        var xor = new JointDistribution(2, 2, 2, [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0]);
        // COPY: Y = (X1, X2) coded as 2·x1 + x2.
        var copy = new double[16];
        for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) copy[(a * 2 + b) * 4 + 2 * a + b] = 0.25;
        var r = DiscretePidEngine.Host.Decompose([xor, new JointDistribution(2, 2, 4, copy)], PidMeasures.All);
        Assert.Equal(1, r[0].Broja!.S, 1e-9);
        Assert.Equal(0, r[0].Broja!.R, 1e-9);
        Assert.Equal(1, r[0].IMin!.S, 1e-12);
        Assert.Equal(1, r[1].Broja!.U1, 1e-9);
        Assert.Equal(1, r[1].Broja!.U2, 1e-9);
        Assert.Equal(1, r[1].IMin!.R, 1e-12); // I_min calls COPY's two bits redundant (Harder et al. 2013)
    }

    [Fact]
    public void Host_RefusesTheDeviceOnlySolver()
    {
        var xor = new JointDistribution(2, 2, 2, [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0]);
        var ex = Assert.Throws<PidInputException>(() => DiscretePidEngine.Host.Decompose(xor, [PidMeasures.Broja], new BrojaOptions(Solver: BrojaSolverKind.Scaling)));
        Assert.Contains("accelerator", ex.Message);
    }
}
