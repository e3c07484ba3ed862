using PidGpu.Report;
using PidGpu.Tests.Support;
using PidGpu.Uncertainty;

namespace PidGpu.Tests;

public class AnalysisResultsFormatTests
{
    [Fact]
    public void ResultsJson_RoundTrip_KeepsRecordsAndSettings()
    {
        var dir = SyntheticRun.TempDir();
        var run = SyntheticRun.Build();
        var mixed = run.Records.Select((r, i) => i % 3 == 0 ? r with { Lower = null, Upper = null, NullUpper = null, Accuracy = null } : r).ToList();
        run = run with { Records = mixed };
        run.Save(dir);

        var back = RunResults.Load(dir);
        Assert.Equal(run.Records, back.Records);
        Assert.Equal(run.Settings.Seeds, back.Settings.Seeds);
        Assert.Equal(run.Settings.Options, back.Settings.Options);
        Assert.Equal(run.Settings.Versions, back.Settings.Versions);
        Assert.Equal(run.Settings.StageSeconds, back.Settings.StageSeconds);
        Assert.Equal(run.Settings.Device, back.Settings.Device);
        Assert.False(back.Settings.Partial);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void LayersCsv_RoundTrip_OneRowPerRecordWithDocumentedHeader()
    {
        var dir = SyntheticRun.TempDir();
        var run = SyntheticRun.Build(bands: false);
        var records = run.Records.Select((r, i) => i == 0 ? r with { Lower = new AtomValues(0.1, 0.2, 0.3, 0.01, 0.7), Upper = new AtomValues(1, 2, 3, 0.1, 7) } : r).ToList();
        (run with { Records = records }).Save(dir);

        var path = Path.Combine(dir, RunResults.LayersFileName);
        var lines = File.ReadAllLines(path);
        Assert.Equal(LayersCsv.Header, lines[0]);
        Assert.StartsWith("model,task,layer,condition,samples,accuracy,R,U1,U2,S,I,R_lo,R_hi", lines[0]);
        Assert.Equal(records.Count + 1, lines.Length);
        Assert.Equal(records, LayersCsv.Read(path));
    }

    [Fact]
    public void TruncatedResultsJson_IsNamedAsTruncatedOrCorrupt()
    {
        var dir = SyntheticRun.TempDir();
        SyntheticRun.Build().Save(dir);
        var path = Path.Combine(dir, RunResults.ResultsFileName);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);

        var ex = Assert.Throws<PidInputException>(() => RunResults.Load(dir));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated or corrupt", ex.Message);
    }

    [Theory]
    [InlineData("{not json", "truncated or corrupt")]
    [InlineData("", "truncated or corrupt")]
    [InlineData("null", "empty results file")]
    [InlineData("{\"format\":\"pidgpu-run/1\",\"units\":\"bits\",\"settings\":{\"options\":{},\"seeds\":{},\"device\":\"x\",\"versions\":{},\"stage_seconds\":{},\"partial\":false}}", "records")]
    [InlineData("{\"format\":\"other/9\",\"units\":\"bits\",\"settings\":{\"options\":{},\"seeds\":{},\"device\":\"x\",\"versions\":{},\"stage_seconds\":{},\"partial\":false},\"records\":[]}", "format 'other/9'")]
    [InlineData("{\"format\":\"pidgpu-run/1\",\"units\":\"bits\",\"settings\":{\"options\":{},\"seeds\":{},\"device\":\"x\",\"versions\":{},\"stage_seconds\":{},\"partial\":false},\"records\":[{\"model\":\"m\",\"task\":\"t\",\"layer\":0,\"condition\":\"sideways\",\"r\":0,\"u1\":0,\"u2\":0,\"s\":0,\"i\":0,\"samples\":5}]}", "condition 'sideways'")]
    public void CorruptResultsJson_NamesFileAndProblem(string content, string expected)
    {
        var dir = SyntheticRun.TempDir();
        var path = Path.Combine(dir, RunResults.ResultsFileName);
        File.WriteAllText(path, content);
        var ex = Assert.Throws<PidInputException>(() => RunResults.Load(dir));
        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void MissingRunFolder_IsNamed()
    {
        var dir = Path.Combine(Path.GetTempPath(), "no-such-run-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<PidInputException>(() => RunResults.Load(dir));
        Assert.Contains(dir, ex.Message);
    }

    [Fact]
    public void CsvWithWrongHeader_NamesFileAndExpectedHeader()
    {
        var dir = SyntheticRun.TempDir();
        var path = Path.Combine(dir, "layers.csv");
        File.WriteAllText(path, "model,task,layer,R,U1,U2,S,I\nm,t,0,1,1,1,1,4\n");
        var ex = Assert.Throws<PidInputException>(() => LayersCsv.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("expected '" + LayersCsv.Header + "'", ex.Message);
    }

    [Fact]
    public void CsvWithTruncatedRow_NamesTheLine()
    {
        var dir = SyntheticRun.TempDir();
        SyntheticRun.Build().Save(dir);
        var path = Path.Combine(dir, RunResults.LayersFileName);
        var lines = File.ReadAllLines(path);
        lines[3] = lines[3][..(lines[3].Length / 2)];
        File.WriteAllLines(path, lines);
        var ex = Assert.Throws<PidInputException>(() => LayersCsv.Read(path));
        Assert.Contains($"{path}: line 4", ex.Message);
    }

    [Fact]
    public void NonFiniteAtom_IsRefusedAndNothingWritten()
    {
        var dir = Path.Combine(SyntheticRun.TempDir(), "run");
        var run = SyntheticRun.Build(knockout: false);
        var records = run.Records.ToList();
        records[5] = records[5] with { S = double.NaN };
        var ex = Assert.Throws<PidInputException>(() => (run with { Records = records }).Save(dir));
        Assert.Contains("record 5", ex.Message);
        Assert.Contains("S is NaN", ex.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void RepeatedRecordKey_IsRefused()
    {
        var run = SyntheticRun.Build(knockout: false);
        var records = run.Records.Append(run.Records[2]).ToList();
        var ex = Assert.Throws<PidInputException>(() => (run with { Records = records }).Save(SyntheticRun.TempDir()));
        Assert.Contains("repeats", ex.Message);
    }

    [Fact]
    public void NamesWithCommas_AreRefused()
    {
        var record = new LayerRecord("llava,7b", "t", 0, Conditions.Intact, 1, 1, 1, 1, 4, 10);
        var ex = Assert.Throws<PidInputException>(() => record.Validate("here"));
        Assert.Contains("model 'llava,7b'", ex.Message);
    }

    [Theory]
    [InlineData(0, 7, "knockout:0-7", true)]
    [InlineData(8, 15, "knockout:8-15", true)]
    public void KnockoutLabels(int first, int last, string label, bool valid)
    {
        Assert.Equal(label, Conditions.Knockout(first, last));
        Assert.Equal(valid, Conditions.IsKnockout(label));
        Assert.False(Conditions.IsKnockout("knockout:7"));
        Assert.False(Conditions.IsKnockout("intact"));
        Assert.Throws<PidInputException>(() => Conditions.Knockout(5, 2));
    }
}
