using System.Diagnostics;
using System.Globalization;
using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary>
/// Ctrl-C in <c>pidgpu decompose</c>, on every input route: the command stops at once with exit 130 and writes no
/// output file. In-process, the interrupt comes while the computation is held mid-way (deterministic); one test sends a
/// real SIGINT to a pidgpu process.
/// </summary>
public class CliDecomposeInterruptTests
{
    public static TheoryData<string> Routes => ["joint", "counts", "columns", "gaussian", "gaussian-bootstrap"];

    [Theory]
    [MemberData(nameof(Routes))]
    public void InterruptMidComputation_Exits130_WritesNothing(string route)
    {
        using var temp = new TempFolder();
        string outPath = temp.File("result.json");
        string[] args = [.. RouteArgs(temp, route), "--device", "cpu", "--out", outPath];
        using var interrupt = new CancellationTokenSource();
        using var release = new ManualResetEventSlim();
        var stderr = new HoldingWriter("device:", interrupt, release);
        try
        {
            var clock = Stopwatch.StartNew();
            int code = CliApp.Run(args, new StringWriter(CultureInfo.InvariantCulture), stderr, interrupt.Token);
            Assert.True(code == ExitCodes.Interrupted, $"exit {code}\n{stderr}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
            Assert.Contains("interrupted: decompose stopped; nothing written.", stderr.ToString());
        }
        finally
        {
            release.Set();
        }
        // The abandoned computation resumes (these inputs take well under a second); the gate keeps it from writing.
        Thread.Sleep(2000);
        Assert.Empty(Directory.GetFiles(temp.Path, "*result.json*"));
    }

    [Fact]
    public async Task Sigint_StopsWithinTwoSeconds_Exits130_LeavesNoFile()
    {
        using var temp = new TempFolder();
        string outPath = temp.File("result.json");
        // 20,000 rows and 2,000 bootstrap resamples: over a minute of work on the CPU accelerator.
        var data = GaussianSamples.Draw(new double[,] { { 1, 0.3, 0.5 }, { 0.3, 1, 0.4 }, { 0.5, 0.4, 1 } }, 20_000, seed: 7);
        string[] args = ["decompose", "--estimator", "gaussian",
            "--x1", GaussianSamples.WriteNpy(temp, "x1.npy", GaussianSamples.Columns(data, 3, 0, 1), 1),
            "--x2", GaussianSamples.WriteNpy(temp, "x2.npy", GaussianSamples.Columns(data, 3, 1, 1), 1),
            "--y", GaussianSamples.WriteNpy(temp, "y.npy", GaussianSamples.Columns(data, 3, 2, 1), 1),
            "--bootstrap", "2000", "--device", "cpu", "--out", outPath];
        // perl resets SIGINT to its default before exec: a process started from a background job inherits SIGINT
        // ignored, and .NET keeps an ignored SIGINT ignored.
        var start = new ProcessStartInfo("perl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!", Path.Combine(AppContext.BaseDirectory, "PidGpu.Cli"), .. args])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdoutText = process.StandardOutput.ReadToEndAsync();
        var started = new TaskCompletionSource();
        var stderrText = new System.Text.StringBuilder();
        var reading = Task.Run(() =>
        {
            while (process.StandardError.ReadLine() is { } line)
            {
                lock (stderrText) stderrText.AppendLine(line);
                if (line.StartsWith("device:", StringComparison.Ordinal)) started.TrySetResult();
            }
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(1500);
        Assert.False(process.HasExited, $"finished before the interrupt:\n{stderrText}");

        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        bool exited = process.WaitForExit(TimeSpan.FromSeconds(10));
        var took = clock.Elapsed;
        if (!exited) process.Kill(entireProcessTree: true);
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(exited, $"still running 10 s after SIGINT:\n{stderrText}");
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took.TotalSeconds:F2} s to stop");
        Assert.True(process.ExitCode == ExitCodes.Interrupted, $"exit {process.ExitCode}\n{stderrText}\n{await stdoutText}");
        Assert.Empty(Directory.GetFiles(temp.Path, "*result.json*"));
    }

    [Fact]
    public void Gate_WritingAfterInterrupt_Throws_InterruptAfterWriting_IsRefused()
    {
        var interrupted = new OutputGate();
        Assert.True(interrupted.TryInterrupt());
        Assert.Throws<OperationCanceledException>(interrupted.BeginWriting);

        var writing = new OutputGate();
        writing.BeginWriting();
        Assert.False(writing.TryInterrupt());
        writing.BeginWriting(); // a second file of the same command
    }

    static string[] RouteArgs(TempFolder temp, string route)
    {
        var random = new Random(3);
        var codes = Enumerable.Range(0, 300).Select(_ => (A: random.Next(3), B: random.Next(3))).ToArray();
        var noisy = Enumerable.Range(0, 300).Select(_ => (float)random.NextDouble()).ToArray();
        return route switch
        {
            "joint" => ["decompose", "--joint", temp.Write("joint.json", """{"p": [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]}""")],
            "counts" => ["decompose", "--counts", temp.Write("counts.csv",
                "x1,x2,y\n" + string.Join("\n", codes.Select(c => $"{c.A},{c.B},{(c.A + c.B) % 3}")) + "\n")],
            "columns" => ["decompose", "--x1", temp.WriteColumn("x1.txt", codes.Select(c => (float)c.A)),
                "--x2", temp.WriteColumn("x2.txt", codes.Select(c => (float)c.B)), "--y", temp.WriteColumn("y.txt", noisy), "--bins", "3", "--binning", "uniform"],
            "gaussian" or "gaussian-bootstrap" => GaussianRoute(temp, route == "gaussian-bootstrap"),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
    }

    static string[] GaussianRoute(TempFolder temp, bool bootstrap)
    {
        var data = GaussianSamples.Draw(new double[,] { { 1, 0.3, 0.5 }, { 0.3, 1, 0.4 }, { 0.5, 0.4, 1 } }, 500, seed: 5);
        string[] args = ["decompose", "--estimator", "gaussian",
            "--x1", GaussianSamples.WriteNpy(temp, "x1.npy", GaussianSamples.Columns(data, 3, 0, 1), 1),
            "--x2", GaussianSamples.WriteNpy(temp, "x2.npy", GaussianSamples.Columns(data, 3, 1, 1), 1),
            "--y", GaussianSamples.WriteNpy(temp, "y.npy", GaussianSamples.Columns(data, 3, 2, 1), 1)];
        return bootstrap ? [.. args, "--bootstrap", "10"] : args;
    }

    /// <summary>
    /// On the trigger line, cancels (as Ctrl-C would) and holds the command's thread until released, so the interrupt
    /// lands mid-computation.
    /// </summary>
    sealed class HoldingWriter(string trigger, CancellationTokenSource interrupt, ManualResetEventSlim release)
        : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value)
        {
            lock (this) base.WriteLine(value);
            if (value is null || !value.StartsWith(trigger, StringComparison.Ordinal)) return;
            interrupt.Cancel();
            release.Wait(TimeSpan.FromSeconds(10)); // bounded: without the interrupt handling this thread is the caller's
        }

        public override string ToString() { lock (this) return base.ToString(); }
    }
}
