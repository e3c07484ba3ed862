using System.Text.RegularExpressions;
using PidGpu.Inputs.Scenes;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Every task's answer re-derived from the pixels (via <see cref="SceneBlobs"/>) and the question text with
/// this file's own parsing; determinism; exact answer balance.
/// </summary>
public class ScenesTaskTests
{
    static readonly string[] ColorWords = ["red", "green", "blue", "yellow"];

    public static TheoryData<SceneTaskKind> Kinds()
    {
        var data = new TheoryData<SceneTaskKind>();
        foreach (var k in Enum.GetValues<SceneTaskKind>())
            data.Add(k);
        return data;
    }

    [Fact]
    public void SuiteHasEveryKindOnce() =>
        Assert.Equal(Enum.GetValues<SceneTaskKind>(), SceneTaskSuite.All.Select(t => t.Kind));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SameSeed_SameSamples_OtherSeed_Differs(SceneTaskKind kind)
    {
        var task = SceneTaskSuite.Get(kind);
        var a = SceneTaskSuite.Generate(task, 40, seed: 11);
        var b = SceneTaskSuite.Generate(task, 40, seed: 11);
        var c = SceneTaskSuite.Generate(task, 40, seed: 12);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Question, b[i].Question);
            Assert.Equal(a[i].Answer, b[i].Answer);
            Assert.Equal(a[i].Scene.Rgb, b[i].Scene.Rgb);
            Assert.Equal(a[i].Scene.Objects, b[i].Scene.Objects);
        }
        Assert.Contains(Enumerable.Range(0, a.Count), i => !a[i].Scene.Rgb.SequenceEqual(c[i].Scene.Rgb));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AnswersAreExactlyBalanced(SceneTaskKind kind)
    {
        var task = SceneTaskSuite.Get(kind);
        var samples = SceneTaskSuite.Generate(task, 240, seed: 3);
        var counts = samples.GroupBy(s => s.Answer).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(task.Answers.OrderBy(x => x), counts.Keys.OrderBy(x => x));
        Assert.All(counts.Values, n => Assert.Equal(240 / task.Answers.Count, n));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void PixelsMatchDescription_AndAnswerFollowsFromPixelsAndText(SceneTaskKind kind)
    {
        foreach (var s in SceneTaskSuite.Generate(SceneTaskSuite.Get(kind), 200, seed: 5))
        {
            var objects = SceneBlobs.Read(s.Scene);
            Assert.Equal(s.Scene.Objects.OrderBy(Key), objects.OrderBy(Key));
            Assert.Equal(32, s.Scene.Width);
            Assert.True(s.Answer == Derive(kind, s.Question, objects), $"{kind}: '{s.Question}' answered '{s.Answer}'");
        }
    }

    [Fact]
    public void GenerateMixed_WithShares_GivesEachTaskItsCount_AndLeavesTheOtherTasksSamplesAlone()
    {
        var even = SceneTaskSuite.GenerateMixed(4, seed: 8);
        var weighted = SceneTaskSuite.GenerateMixed(k => k == SceneTaskKind.Spatial ? 12 : 4, seed: 8);
        Assert.Equal(12, weighted.Count(s => s.Task == SceneTaskKind.Spatial));
        foreach (var task in SceneTaskSuite.All.Where(t => t.Kind != SceneTaskKind.Spatial))
        {
            var a = even.Where(s => s.Task == task.Kind).Select(s => s.Question + s.Answer + Convert.ToHexString(s.Scene.Rgb)).Order();
            var b = weighted.Where(s => s.Task == task.Kind).Select(s => s.Question + s.Answer + Convert.ToHexString(s.Scene.Rgb)).Order();
            Assert.Equal(a, b);
        }
        // Spatial's samples are its own draw of 12 from its own seed (seed * 31 + task index).
        var own = SceneTaskSuite.Generate(SceneTaskSuite.Get(SceneTaskKind.Spatial), 12, seed: 8 * 31 + 2)
            .Select(s => s.Question + s.Answer + Convert.ToHexString(s.Scene.Rgb)).Order();
        Assert.Equal(own, weighted.Where(s => s.Task == SceneTaskKind.Spatial).Select(s => s.Question + s.Answer + Convert.ToHexString(s.Scene.Rgb)).Order());
    }

    [Fact]
    public void LanguageControl_AnswerIsAFunctionOfTheTextAndIndependentOfTheImage()
    {
        var samples = SceneTaskSuite.Generate(SceneTaskSuite.Get(SceneTaskKind.LanguageControl), 2000, seed: 9);
        // The text alone fixes the answer: one answer per distinct question.
        Assert.All(samples.GroupBy(s => s.Question), g => Assert.Single(g.Select(s => s.Answer).Distinct()));
        // Image features carry nothing about it: yes-rate ~ 1/2 whichever way the image looks.
        foreach (var color in Enum.GetValues<ShapeColor>())
        {
            var with = samples.Where(s => SceneBlobs.Read(s.Scene).Any(o => o.Color == color)).ToList();
            AssertNearHalf(with, $"{color} present");
        }
        for (int n = 1; n <= 4; n++)
            AssertNearHalf(samples.Where(s => SceneBlobs.Read(s.Scene).Count == n).ToList(), $"{n} objects");
    }

    [Fact]
    public void Xor_NeitherTheImageFactNorTheQuestionFactAlonePredictsTheAnswer()
    {
        var samples = SceneTaskSuite.Generate(SceneTaskSuite.Get(SceneTaskKind.XorSynergy), 2000, seed: 21);
        var visual = samples.Select(s => SceneBlobs.Read(s.Scene).Any(o => o.Color == ShapeColor.Red)).ToArray();
        var flip = samples.Select(s => Regex.Match(s.Question, "^flip (yes|no):").Groups[1].Value == "yes").ToArray();
        var yes = samples.Select(s => s.Answer == "yes").ToArray();
        for (int i = 0; i < samples.Count; i++)
            Assert.Equal(visual[i] ^ flip[i], yes[i]);
        // Best single-fact predictor accuracy: max over the fact's values of the majority answer.
        Assert.InRange(BestAccuracy(visual, yes), 0.5, 0.55);
        Assert.InRange(BestAccuracy(flip, yes), 0.5, 0.55);
        AssertNearHalf(samples.Where((_, i) => visual[i]).ToList(), "red present");
        AssertNearHalf(samples.Where((_, i) => !flip[i]).ToList(), "flip no");
    }

    [Fact]
    public void Attribute_AnswerIsFixedByTheImageAlone_Redundant_ByEither()
    {
        foreach (var s in SceneTaskSuite.Generate(SceneTaskSuite.Get(SceneTaskKind.Attribute), 200, seed: 4))
            Assert.Equal(s.Answer, Assert.Single(SceneBlobs.Read(s.Scene).Select(o => Word(o.Color)).Distinct()));
        foreach (var s in SceneTaskSuite.Generate(SceneTaskSuite.Get(SceneTaskKind.Redundant), 200, seed: 4))
        {
            Assert.Equal(s.Answer, Assert.Single(SceneBlobs.Read(s.Scene).Select(o => Word(o.Color)).Distinct()));
            Assert.Equal(s.Answer, Regex.Match(s.Question, "^the shapes are (\\w+)\\.").Groups[1].Value);
        }
    }

    [Fact]
    public void Renderer_RejectsObjectsOutsideTheGridOrSharingACell()
    {
        Assert.Throws<PidInputException>(() => SceneRenderer.Render(4, 8, [new(ShapeKind.Square, ShapeColor.Red, 4, 0)]));
        Assert.Throws<PidInputException>(() => SceneRenderer.Render(4, 8,
            [new(ShapeKind.Square, ShapeColor.Red, 1, 1), new(ShapeKind.Circle, ShapeColor.Blue, 1, 1)]));
    }

    [Fact]
    public void TooSmallLayout_IsInputError_LargerLayoutWorks()
    {
        var task = SceneTaskSuite.Get(SceneTaskKind.Counting);
        Assert.Throws<PidInputException>(() => SceneTaskSuite.Generate(task, 4, 1, new SceneLayout(GridSize: 2)));
        var s = SceneTaskSuite.Generate(task, 30, 1, new SceneLayout(GridSize: 3, CellSize: 8));
        Assert.All(s, x => Assert.Equal(24, x.Scene.Width));
        Assert.All(s, x => Assert.Equal(x.Scene.Objects.OrderBy(Key), SceneBlobs.Read(x.Scene).OrderBy(Key)));
    }

    [Fact]
    public void ChwFloats_AreTheBytesOver255_ChannelMajor()
    {
        var scene = SceneTaskSuite.Generate(SceneTaskSuite.Get(SceneTaskKind.Spatial), 1, 2)[0].Scene;
        var chw = scene.ToChw01();
        int plane = scene.Width * scene.Height;
        Assert.Equal(3 * plane, chw.Length);
        for (int p = 0; p < plane; p++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(scene.Rgb[p * 3 + c] / 255f, chw[c * plane + p]);
    }

    static double BestAccuracy(bool[] fact, bool[] yes)
    {
        int correct = 0;
        foreach (var value in new[] { false, true })
        {
            int n = fact.Count(f => f == value), y = fact.Where((f, i) => f == value && yes[i]).Count();
            correct += Math.Max(y, n - y);
        }
        return (double)correct / fact.Length;
    }

    static void AssertNearHalf(List<SceneSample> group, string what)
    {
        Assert.True(group.Count >= 200, $"{what}: only {group.Count} samples");
        double rate = group.Count(s => s.Answer == "yes") / (double)group.Count;
        Assert.True(Math.Abs(rate - 0.5) < 0.08, $"{what}: yes-rate {rate:F3} over {group.Count}");
    }

    static (int, int) Key(SceneObject o) => (o.Row, o.Column);

    static string Word(ShapeColor c) => ColorWords[(int)c];

    static ShapeKind ShapeOf(string word) => word switch
    {
        "square" or "squares" => ShapeKind.Square,
        "circle" or "circles" => ShapeKind.Circle,
        "triangle" or "triangles" => ShapeKind.Triangle,
        _ => throw new Xunit.Sdk.XunitException($"unknown shape word '{word}'"),
    };

    static ShapeColor ColorOf(string word) => (ShapeColor)Array.IndexOf(ColorWords, word);

    static string YesNo(bool b) => b ? "yes" : "no";

    // This test's own reading of each question template.
    static string Derive(SceneTaskKind kind, string q, List<SceneObject> objs)
    {
        Match m;
        switch (kind)
        {
            case SceneTaskKind.Attribute:
                m = Regex.Match(q, "^what color is the (\\w+)\\?$");
                return Word(objs.Single(o => o.Shape == ShapeOf(m.Groups[1].Value)).Color);
            case SceneTaskKind.Existence:
                m = Regex.Match(q, "^is there a (\\w+) (\\w+)\\?$");
                return YesNo(objs.Any(o => o.Color == ColorOf(m.Groups[1].Value) && o.Shape == ShapeOf(m.Groups[2].Value)));
            case SceneTaskKind.Spatial:
                m = Regex.Match(q, "^is the (\\w+) shape left of the (\\w+) shape\\?$");
                var a = objs.Single(o => o.Color == ColorOf(m.Groups[1].Value));
                var b = objs.Single(o => o.Color == ColorOf(m.Groups[2].Value));
                Assert.NotEqual(a.Column, b.Column);
                return YesNo(a.Column < b.Column);
            case SceneTaskKind.Counting:
                m = Regex.Match(q, "^how many (\\w+) are there\\?$");
                return new[] { "zero", "one", "two", "three", "four" }[objs.Count(o => o.Shape == ShapeOf(m.Groups[1].Value))];
            case SceneTaskKind.Comparison:
                m = Regex.Match(q, "^are the (\\w+) and the (\\w+) the same color\\?$");
                return YesNo(objs.Single(o => o.Shape == ShapeOf(m.Groups[1].Value)).Color
                    == objs.Single(o => o.Shape == ShapeOf(m.Groups[2].Value)).Color);
            case SceneTaskKind.LanguageControl:
                m = Regex.Match(q, "^(is a (\\w+) round|does a (\\w+) have corners)\\?$");
                Assert.True(m.Success, q);
                return m.Groups[2].Success ? YesNo(m.Groups[2].Value == "circle") : YesNo(m.Groups[3].Value != "circle");
            case SceneTaskKind.Redundant:
                m = Regex.Match(q, "^the shapes are (\\w+)\\. what color are the shapes\\?$");
                Assert.All(objs, o => Assert.Equal(m.Groups[1].Value, Word(o.Color)));
                return m.Groups[1].Value;
            case SceneTaskKind.XorSynergy:
                m = Regex.Match(q, "^flip (yes|no): is there a red shape\\?$");
                return YesNo(objs.Any(o => o.Color == ShapeColor.Red) ^ (m.Groups[1].Value == "yes"));
            case SceneTaskKind.ShapeQuery:
                m = Regex.Match(q, "^what shape is the (\\w+) object\\?$");
                return objs.Single(o => o.Color == ColorOf(m.Groups[1].Value)).Shape switch
                {
                    ShapeKind.Square => "square",
                    ShapeKind.Circle => "circle",
                    _ => "triangle",
                };
            case SceneTaskKind.Side:
                m = Regex.Match(q, "^which side is the (\\w+) shape on\\?$");
                return objs.Single(o => o.Color == ColorOf(m.Groups[1].Value)).Column < 2 ? "left" : "right";
            default:
                throw new Xunit.Sdk.XunitException($"no derivation for {kind}");
        }
    }
}
