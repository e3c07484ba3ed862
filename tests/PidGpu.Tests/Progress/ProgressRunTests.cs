using PidGpu.Cli;
using PidGpu.Progress;

namespace PidGpu.Tests;

/// <summary>Rates, ETA and rendering of run progress, with hand-computed expectations.</summary>
public class ProgressRunTests
{
    [Fact]
    public void RatesCountOwnStageTime_EtaSumsRemainingStageTimes()
    {
        var progress = new RunProgress();
        var forward = progress.Define("forward", "samples", 1000);
        var pid = progress.Define("PID", "layers", 40);
        Assert.Null(progress.EtaSeconds);
        progress.Advance(forward, 250, 5.0);     // 50 samples/s; 750 left = 15 s
        Assert.Equal(50, forward.Rate!.Value, 12);
        Assert.Null(progress.EtaSeconds);        // PID has no rate yet
        progress.Advance(pid, 10, 20.0);          // 0.5 layers/s; 30 left = 60 s
        Assert.Equal(75, progress.EtaSeconds!.Value, 12);
        Assert.Equal("forward 250/1000 samples 50.0/s · PID 10/40 layers 0.50/s · ETA 1:15", progress.Line());
        // Time-weighted fraction: forward 20 s of 80 s estimated total is 1/4 done, PID 60 s ... 10/40.
        Assert.Equal((0.25 * 20 + 0.25 * 80) / 100, progress.Fraction, 12);
    }

    [Fact]
    public void Skip_RemovesWorkFromTheTotal_NeverBelowDone()
    {
        var progress = new RunProgress();
        var pid = progress.Define("PID", "layers", 10);
        progress.Advance(pid, 4, 4.0);
        progress.Skip(pid, 5);
        Assert.Equal(5, pid.Total);
        Assert.Equal(1.0, progress.EtaSeconds!.Value, 12);
        progress.Skip(pid, 100);
        Assert.Equal(4, pid.Total);
        Assert.True(progress.Finished);
        Assert.EndsWith("done", progress.Line());
    }

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.4, "0:59")]
    [InlineData(61, "1:01")]
    [InlineData(3725, "1:02:05")]
    public void Durations_AreFormatted(double seconds, string expected) => Assert.Equal(expected, RunProgress.FormatDuration(seconds));

    [Fact]
    public void Redirected_PrintsOneLinePerTenthAndTheEnd()
    {
        var writer = new StringWriter();
        double t = 0;
        var progress = new RunProgress(new ConsoleProgress(writer, interactive: false, () => t));
        var pid = progress.Define("PID", "layers", 100);
        for (int i = 0; i < 100; i++)
        {
            t += 0.01;
            progress.Advance(pid, 1, 0.01);
        }
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);          // 10 %, 20 %, ..., 100 %
        Assert.StartsWith("progress 10%: PID 10/100 layers 100/s · ETA 0:01", lines[0]);
        Assert.StartsWith("progress 100%: PID 100/100 layers", lines[^1]);
        Assert.EndsWith("done", lines[^1].TrimEnd());
    }

    [Fact]
    public void Interactive_RedrawsInPlace_AndKeepsMessagesAboveTheBar()
    {
        var writer = new StringWriter();
        double t = 0;
        var sink = new ConsoleProgress(writer, interactive: true, () => t);
        var progress = new RunProgress(sink);
        var pid = progress.Define("PID", "layers", 4);
        t = 1; progress.Advance(pid, 1, 1);
        progress.Log("Attribute: accuracy 100.0%");
        t = 2; progress.Advance(pid, 3, 3);
        string text = writer.ToString();
        Assert.Contains("\r[######------------------]  25% PID 1/4 layers 1.00/s · ETA 0:03", text);
        Assert.Contains("\rAttribute: accuracy 100.0%\n", text);
        // The last draw pads over the longer previous line, then ends the line.
        Assert.EndsWith(Environment.NewLine, text);
        Assert.EndsWith("100% PID 4/4 layers 1.00/s · done", text.TrimEnd());
    }
}
