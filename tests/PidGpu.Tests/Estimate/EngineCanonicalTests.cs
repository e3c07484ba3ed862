using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The literature's canonical systems (Reference/canonical-pid.json) through the library API:
/// all of them in one batched <see cref="DiscretePidEngine.Decompose(IReadOnlyList{JointDistribution}, IReadOnlyCollection{IPidMeasure}, BrojaOptions?)"/>
/// call (seven shapes, so seven internal groups), in a shuffled order with repeats.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineCanonicalTests(EngineDeviceFixture fixture)
{
    const double Tolerance = 1e-6;   // the reference is rounded to 6 decimals
    const double MaxGapBits = 1e-9;

    /// <summary>The reference file's measure names are the catalogue's.</summary>
    static PidAtoms? Measure(DiscreteDecomposition d, string measure) =>
        d.Of(PidMeasures.Find(measure) ?? throw new ArgumentOutOfRangeException(nameof(measure)));

    static double Atom(PidAtoms a, string atom) => atom switch
    {
        "R" => a.R,
        "U1" => a.U1,
        "U2" => a.U2,
        "S" => a.S,
        "I" => a.I,
        _ => throw new ArgumentOutOfRangeException(nameof(atom)),
    };

    [Fact]
    public void OneBatchedCall_AllSystemsAllMeasures_MatchReferenceInInputOrder()
    {
        var systems = SharedCanonical.Systems();
        Assert.True(systems.Count >= 15, $"expected the 15 canonical systems, found {systems.Count}");
        // Shuffled, with every system twice, so same-shape groups interleave with other shapes.
        var rng = new Random(20240601);
        var order = Enumerable.Range(0, systems.Count).Concat(Enumerable.Range(0, systems.Count)).OrderBy(_ => rng.Next()).ToArray();
        var joints = order.Select(i => systems[i].Joint).ToArray();

        var results = new DiscretePidEngine(fixture.Device).Decompose(joints, PidMeasures.All, new BrojaOptions(MaxGapBits, 100_000));

        Assert.Equal(joints.Length, results.Count);
        var wrong = new List<string>();
        for (int k = 0; k < order.Length; k++)
        {
            var system = systems[order[k]];
            var d = results[k];
            foreach (var m in SharedCanonical.Measures)
            {
                var atoms = Measure(d, m);
                if (atoms is null) { wrong.Add($"#{k} {system.Name}: {m} missing"); continue; }
                foreach (var a in SharedCanonical.AtomNames)
                {
                    double want = system.Expected[m][a], got = Atom(atoms, a);
                    if (!(Math.Abs(got - want) <= Tolerance)) wrong.Add($"#{k} {system.Name}: {m}.{a} got {got:R}, want {want}");
                }
            }
            var b = d.Broja!;
            if (!(b.GapBits <= MaxGapBits) || !b.Converged)
                wrong.Add($"#{k} {system.Name}: BROJA gap {b.GapBits:R} bits, converged {b.Converged}, {b.Iterations} iterations");
            if (!(b.GapBits >= -1e-12)) wrong.Add($"#{k} {system.Name}: negative BROJA gap {b.GapBits:R}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // The two copies of each system are bit-for-bit the same result.
        for (int i = 0; i < systems.Count; i++)
        {
            var at = Enumerable.Range(0, order.Length).Where(k => order[k] == i).ToArray();
            Assert.Equal(results[at[0]], results[at[1]]);
        }
    }

    [Fact]
    public void SingleJointOverload_EqualsBatchedResult_AndRequestedMeasuresOnly()
    {
        var system = SharedCanonical.Systems().Single(s => s.Name == "SUBTLE");
        var engine = new DiscretePidEngine(fixture.Device);

        var all = engine.Decompose(system.Joint, PidMeasures.All);
        var brojaOnly = engine.Decompose(system.Joint, [PidMeasures.Broja]);
        var iminMmi = engine.Decompose(system.Joint, [PidMeasures.IMin, PidMeasures.Mmi]);

        Assert.NotNull(all.IMin);
        Assert.NotNull(all.Mmi);
        Assert.NotNull(all.Broja);
        Assert.Null(brojaOnly.IMin);
        Assert.Null(brojaOnly.Mmi);
        Assert.Equal(all.Broja, brojaOnly.Broja);
        Assert.Null(iminMmi.Broja);
        Assert.Equal(all.IMin, iminMmi.IMin);
        Assert.Equal(all.Mmi, iminMmi.Mmi);
    }

    [Fact]
    public void EmptyBatch_ReturnsEmpty()
    {
        var results = new DiscretePidEngine(fixture.Device).Decompose(Array.Empty<JointDistribution>(), PidMeasures.All);
        Assert.Empty(results);
    }
}
