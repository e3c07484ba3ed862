using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary>
/// Every bad input exits with code 2 and an "error:" line naming the problem, and never touches --out:
/// a missing --out stays missing and an existing one keeps its contents.
/// </summary>
public class CliBadInputTests
{
    /// <summary>Name → (files and arguments for one bad run, text the error must contain).</summary>
    static readonly Dictionary<string, (Func<TempFolder, string[]> Args, string Expected)> Cases = new()
    {
        ["joint file missing"] = (t => ["--joint", t.File("nope.json")], "file not found"),
        ["joint malformed"] = (t => ["--joint", t.Write("j.json", "{\"p\": [[[1,\n2,,]]]}")], "line 2"),
        ["joint ragged"] = (t => ["--joint", t.Write("j.json", """{"p": [[[1, 2]], [[1]]]}""")], "ragged"),
        ["joint negative"] = (t => ["--joint", t.Write("j.json", """{"p": [[[1, -2]]]}""")], "negative"),
        ["joint NaN"] = (t => ["--joint", t.Write("j.json", """{"p": [[[1, "NaN"]]]}""")], "is NaN"),
        ["joint all zero"] = (t => ["--joint", t.Write("j.json", """{"p": [[[0, 0]]]}""")], "positive"),
        ["joint missing p"] = (t => ["--joint", t.Write("j.json", """{"P": [[[1]]]}""")], "missing \"p\""),
        ["counts missing column"] = (t => ["--counts", t.Write("c.csv", "x1,x2\n0,1\n")], "missing column 'y'"),
        ["counts non-integer"] = (t => ["--counts", t.Write("c.csv", "x1,x2,y\n0,1,1\n0,x,1\n")], "row 2"),
        ["counts negative"] = (t => ["--counts", t.Write("c.csv", "x1,x2,y\n0,1,-1\n")], "negative"),
        ["counts no rows"] = (t => ["--counts", t.Write("c.csv", "x1,x2,y\n")], "no data rows"),
        ["counts too many distinct codes"] = (t => ["--counts", t.Write("c.csv",
            "x1,x2,y\n" + string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"{i},{i * 7},{i % 100}")))], "over the budget of 67108864 cells"),
        ["columns NaN"] = (t => Columns(t, "1\n2\nNaN\n4\n", bins: "2"), "row 3 is NaN"),
        ["columns lengths differ"] = (t => ["--x1", t.Write("a", "1\n2\n3\n"), "--x2", t.Write("b", "1\n2\n"), "--y", t.Write("c", "1\n2\n3\n"),
            "--bins", "2", "--binning", "uniform"], "different lengths (3, 2, 3 samples)"),
        ["columns bins 1"] = (t => Columns(t, "1\n2\n3\n", bins: "1"), "--bins must be at least 2 (got 1)"),
        ["columns bins 0"] = (t => Columns(t, "1\n2\n3\n", bins: "0"), "--bins must be at least 2"),
        ["columns fewer samples than bins"] = (t => Columns(t, "1\n2\n3\n", bins: "5"), "needs at least 5 samples"),
        ["columns without y"] = (t => ["--x1", t.Write("a", "1\n2\n"), "--x2", t.Write("b", "1\n2\n"), "--bins", "2", "--binning", "uniform"], "missing --y"),
        ["columns without bins"] = (t => ["--x1", t.Write("a", "1\n2\n"), "--x2", t.Write("b", "1\n2\n"), "--y", t.Write("c", "1\n2\n"), "--binning", "uniform"], "--bins K is required"),
        ["columns bad binning"] = (t => Columns(t, "1\n2\n3\n", bins: "2", binning: "log"), "--binning 'log'"),
        ["two inputs"] = (t => ["--joint", t.Write("j.json", """{"p": [[[1]]]}"""), "--counts", t.Write("c.csv", "x1,x2,y\n0,0,0\n")], "exactly one input"),
        ["joint and columns"] = (t => ["--joint", t.Write("j.json", """{"p": [[[1]]]}"""), "--x1", t.Write("a", "1\n")], "exactly one input"),
        ["bins with joint"] = (t => ["--joint", t.Write("j.json", """{"p": [[[1]]]}"""), "--bins", "4"], "apply only to float columns"),
        ["unknown measure"] = (t => [.. Xor(t), "--measure", "pid"], "--measure 'pid' is not one of"),
        ["unknown device"] = (t => [.. Xor(t), "--device", "tpu"], "--device 'tpu' is not one of"),
        ["zero target gap"] = (t => [.. Xor(t), "--target-gap", "0"], "--target-gap must be a positive"),
        ["zero max iterations"] = (t => [.. Xor(t), "--max-iterations", "0"], "--max-iterations must be at least 1"),
        ["out folder missing"] = (t => [.. Xor(t), "--out", Path.Combine(t.Path, "no-such-dir", "r.json")], "does not exist"),
        ["out is a folder"] = (t => [.. Xor(t), "--out", Directory.CreateDirectory(t.File("d")).FullName], "is a folder"),
        ["out under a file"] = (t => [.. Xor(t), "--out", Path.Combine(t.Write("plain.txt", "x"), "r.json")], "plain.txt' is a file"),
        ["out deep under a file"] = (t => [.. Xor(t), "--out", Path.Combine(t.Write("plain.txt", "x"), "a", "r.json")], "plain.txt' is a file"),
        // /sys refuses new files even to root (a read-only location that a chmod cannot give when tests run as root).
        ["out folder read-only"] = (t => [.. Xor(t), "--out", "/sys/pidgpu-result.json"], "cannot write in folder '/sys'"),
        ["out is the input"] = (t => [.. Xor(t), "--out", t.File("xor.json")], "is the input"),
        ["out is the input by another path"] = (t => [.. Xor(t), "--out", Path.Combine(t.Path, ".", "sub", "..", "xor.json")], "is the input"),
        ["out is the input through a link"] = (t => [.. Xor(t), "--out",
            File.CreateSymbolicLink(t.File("link.json"), t.File("xor.json")).FullName], "is the input"),
        ["out is the counts input"] = (t => ["--counts", t.Write("c.csv", "x1,x2,y\n0,1,1\n1,0,1\n"), "--out", t.File("c.csv")], "is the input"),
    };

    /// <summary>Three float columns as long as <paramref name="x1"/>; x2 and y are plain counting sequences.</summary>
    static string[] Columns(TempFolder t, string x1, string bins, string binning = "quantile")
    {
        var rows = Enumerable.Range(1, x1.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length).ToArray();
        return ["--x1", t.Write("a", x1), "--x2", t.Write("b", string.Join("\n", rows)),
            "--y", t.Write("c", string.Join("\n", rows.Reverse())), "--bins", bins, "--binning", binning];
    }

    static string[] Xor(TempFolder t) => ["--joint", t.Write("xor.json", """{"p": [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]}""")];

    public static TheoryData<string, bool> CaseNames()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name, false);
            data.Add(name, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BadInput_Exit2_OutUntouched(string name, bool outExists)
    {
        using var temp = new TempFolder();
        var (makeArgs, expected) = Cases[name];
        var outPath = temp.File("result.json");
        if (outExists) File.WriteAllText(outPath, "sentinel");
        var args = makeArgs(temp);
        // Add --device cpu and --out unless the case is about that option itself.
        string[] device = args.Contains("--device") ? [] : ["--device", "cpu"];
        string[] output = args.Contains("--out") ? [] : ["--out", outPath];
        string[] full = ["decompose", .. args, .. device, .. output];

        var run = CliRun.Of(full);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.True(run.Stderr.Split('\n').Any(l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(expected)),
            $"expected an 'error: ...{expected}...' line\n{run}");
        Assert.Equal("", run.Stdout);
        if (outExists) Assert.Equal("sentinel", File.ReadAllText(outPath));
        else Assert.False(File.Exists(outPath), "--out was created on error");
        Assert.DoesNotContain(Directory.GetFiles(temp.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
