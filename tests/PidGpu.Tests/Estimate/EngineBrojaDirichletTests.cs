using System.Diagnostics;
using PidGpu.Estimate;
using PidGpu.Tests.Support;
using Xunit.Abstractions;

namespace PidGpu.Tests;

/// <summary>
/// BROJA on random Dirichlet(1) joints of growing alphabets: certified to 1e-9 bits, and the atoms obey the
/// consistency equations and the known BROJA bounds, all checked against host-computed information terms.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineBrojaDirichletTests(EngineDeviceFixture fixture, ITestOutputHelper output)
{
    const double GapBits = 1e-9;
    const double Slack = 1e-9;

    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 2, 6, 101 },
        { 4, 6, 102 },
        { 8, 3, 103 },
        { 16, 1, 104 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RandomJoints_Certified_AndAtomsObeyBrojaBounds(int n, int count, int seed)
    {
        var rng = new Random(seed);
        var joints = Enumerable.Range(0, count)
            .Select(i => HostPid.Dirichlet(rng, n, n, n, zeroFraction: i % 2 == 1 ? 0.2 : 0)).ToArray();

        var clock = Stopwatch.StartNew();
        var results = new DiscretePidEngine(fixture.Device).Decompose(joints, [PidMeasures.Mmi, PidMeasures.Broja], new BrojaOptions(GapBits, 100_000));
        output.WriteLine($"{count} x {n}^3: {clock.Elapsed.TotalSeconds:F2} s, iterations {string.Join(", ", results.Select(r => r.Broja!.Iterations))}");

        var wrong = new List<string>();
        for (int k = 0; k < joints.Length; k++)
        {
            var b = results[k].Broja!;
            var mmi = results[k].Mmi!;
            var (i1, i2, i12, _) = HostPid.Terms(joints[k]);
            string tag = $"{n}^3 #{k}";
            if (!b.Converged || !(b.GapBits <= GapBits) || !(b.GapBits >= -1e-12))
                wrong.Add($"{tag}: gap {b.GapBits:R} bits, converged {b.Converged}, {b.Iterations} iterations");
            // Consistency equations against host information terms.
            if (!(Math.Abs(b.R + b.U1 - i1) <= 1e-10)) wrong.Add($"{tag}: R+U1 = {b.R + b.U1:R} ≠ I(Y;X1) = {i1:R}");
            if (!(Math.Abs(b.R + b.U2 - i2) <= 1e-10)) wrong.Add($"{tag}: R+U2 = {b.R + b.U2:R} ≠ I(Y;X2) = {i2:R}");
            if (!(Math.Abs(b.R + b.U1 + b.U2 + b.S - i12) <= 1e-10)) wrong.Add($"{tag}: atoms sum {b.R + b.U1 + b.U2 + b.S:R} ≠ I = {i12:R}");
            if (!(Math.Abs(b.I - i12) <= 1e-10)) wrong.Add($"{tag}: I = {b.I:R}, host {i12:R}");
            // Bivariate BROJA is non-negative.
            foreach (var (name, v) in new[] { ("R", b.R), ("U1", b.U1), ("U2", b.U2), ("S", b.S) })
                if (!(v >= -Slack)) wrong.Add($"{tag}: {name} = {v:R} < 0");
            // R ≤ min(I1, I2) = R_MMI, i.e. BROJA unique information is at least MMI's.
            if (!(b.R <= Math.Min(i1, i2) + Slack)) wrong.Add($"{tag}: R = {b.R:R} > min(I1, I2) = {Math.Min(i1, i2):R}");
            if (!(b.U1 >= mmi.U1 - Slack && b.U2 >= mmi.U2 - Slack)) wrong.Add($"{tag}: BROJA unique ({b.U1:R}, {b.U2:R}) below MMI's ({mmi.U1:R}, {mmi.U2:R})");
            // P ∈ Δ_P: UI(Y;X1\X2) = min_Q I_Q(Y;X1|X2) ≤ I_P(Y;X1|X2), and likewise for X2.
            if (!(b.U1 <= i12 - i2 + Slack)) wrong.Add($"{tag}: U1 = {b.U1:R} > I(Y;X1|X2) = {i12 - i2:R}");
            if (!(b.U2 <= i12 - i1 + Slack)) wrong.Add($"{tag}: U2 = {b.U2:R} > I(Y;X2|X1) = {i12 - i1:R}");
            // Q0 = p(x1,y)p(x2,y)/p(y) ∈ Δ_P: m ≤ I_Q0(Y;X1,X2).
            double m = b.I - b.S, q0 = HostPid.ConditionallyIndependentInformation(joints[k]);
            if (!(m <= q0 + Slack)) wrong.Add($"{tag}: m = {m:R} > I_Q0 = {q0:R}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void SameProblemFiftyTimesInOneCall_IdenticalToSolvingItAlone()
    {
        var joint = HostPid.Dirichlet(new Random(4242), 4, 3, 5, zeroFraction: 0.1);
        var engine = new DiscretePidEngine(fixture.Device);

        var alone = engine.Decompose(joint, PidMeasures.All);
        var batch = engine.Decompose(Enumerable.Repeat(joint, 50).ToArray(), PidMeasures.All);

        Assert.Equal(50, batch.Count);
        Assert.True(alone.Broja!.Converged);
        for (int k = 0; k < batch.Count; k++) Assert.Equal(alone, batch[k]);
    }

    [Fact]
    public void MixedProblemsInOneBatch_EachEqualsItsSoloSolve()
    {
        var rng = new Random(555);
        var joints = new[]
        {
            HostPid.Dirichlet(rng, 3, 3, 3), HostPid.Dirichlet(rng, 2, 4, 3, 0.2), HostPid.Dirichlet(rng, 3, 3, 3, 0.3),
            HostPid.Dirichlet(rng, 2, 4, 3), HostPid.Dirichlet(rng, 3, 3, 3),
        };
        var engine = new DiscretePidEngine(fixture.Device);
        var batch = engine.Decompose(joints, PidMeasures.All);
        for (int k = 0; k < joints.Length; k++) Assert.Equal(engine.Decompose(joints[k], PidMeasures.All), batch[k]);
    }
}
