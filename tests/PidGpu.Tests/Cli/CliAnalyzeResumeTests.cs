using System.Diagnostics;
using System.Text.Json.Nodes;
using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu analyze --resume</c>: a real pidgpu process killed (SIGKILL) at a random point after its first checkpoint,
/// then resumed, gives the files of an uninterrupted run: layers.csv byte for byte, results.json byte for byte but for the
/// stage times (wall-clock, different in any two runs). A resume under other settings is refused, naming the setting.
/// </summary>
public class CliAnalyzeResumeTests
{
    static string ModelDirectory => Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm");

    // One task, 70 samples (the tiny model answers them all; 60 are needed), 5 layers, each with a 200-resample bootstrap (a
    // fraction of a second per layer: time for the test to see a checkpoint before the next).
    static string[] Args(string runDir, string samples = "70") =>
        ["analyze", "--model", ModelDirectory, "--tasks", "Attribute", "--samples", samples, "--bootstrap", "200", "--device", "cpu", "--out", runDir];

    // The tiny VLM's embeddings and 4 blocks: one record per layer for the one task.
    const int LayerRecords = 5;

    [Fact]
    public async Task KilledAtRandom_ThenResumed_MatchesAnUninterruptedRun()
    {
        using var temp = new TempFolder();
        string whole = temp.File("whole"), killed = temp.File("killed");
        var first = await Pidgpu(Args(whole));
        Assert.True(first.Code == 0, first.Stderr);
        Assert.False(File.Exists(Path.Combine(whole, "checkpoint.json")), "a finished run leaves no checkpoint");

        // Kill once a seeded random number of layers (1-3 of 5) is checkpointed: a point in the run, not in time. The poll
        // is the test's, so a starved test process may see the checkpoint late: the kill can land after later layers (all
        // states a real kill leaves), or after the run wrote its results, which tests nothing; that attempt is repeated.
        int target = new Random(17).Next(1, 4), finished = -1;
        for (int attempt = 0; attempt < KillAttempts && finished < 0; attempt++)
        {
            if (Directory.Exists(killed)) Directory.Delete(killed, recursive: true);
            if (await KillAfterRecords(Args(killed), Path.Combine(killed, "checkpoint.json"), target)
                && !File.Exists(Path.Combine(killed, RunResults.ResultsFileName)) && File.Exists(Path.Combine(killed, "checkpoint.json")))
                finished = JsonNode.Parse(File.ReadAllText(Path.Combine(killed, "checkpoint.json")))!["records"]!.AsArray().Count;
        }
        Assert.True(finished >= 0, $"in {KillAttempts} attempts the run finished before the kill");
        Assert.InRange(finished, target, LayerRecords);

        var refused = CliRun.Of(Args(killed, samples: "80").Append("--resume").ToArray());
        Assert.True(refused.ExitCode == ExitCodes.BadInput, refused.ToString());
        Assert.Contains("--samples was '70', now '80'", refused.Stderr);

        var resumed = await Pidgpu([.. Args(killed), "--resume"]);
        Assert.True(resumed.Code == 0, resumed.Stderr);
        Assert.Contains($"resume: {finished} finished layer records", resumed.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, RunResults.LayersFileName)), File.ReadAllBytes(Path.Combine(killed, RunResults.LayersFileName)));
        Assert.Equal(RunFolderText.ResultsWithoutStageTimes(whole), RunFolderText.ResultsWithoutStageTimes(killed));
        Assert.False(File.Exists(Path.Combine(killed, "checkpoint.json")));
    }

    const int KillAttempts = 3;

    /// <summary>Starts pidgpu and kills it (SIGKILL) once <paramref name="checkpoint"/> holds <paramref name="target"/> records;
    /// false if it exited first.</summary>
    static async Task<bool> KillAfterRecords(string[] args, string checkpoint, int target)
    {
        using var process = Start(args);
        // Drain both pipes so a full pipe never blocks the child.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (Records(checkpoint) < target && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(5);
        if (process.HasExited) return false;
        process.Kill();
        await process.WaitForExitAsync();
        return true;
    }

    /// <summary>Layer records in a checkpoint file (written by rename, so a read sees a whole file or none); 0 if absent.</summary>
    static int Records(string checkpoint)
    {
        try
        {
            return File.Exists(checkpoint) ? JsonNode.Parse(File.ReadAllText(checkpoint))!["records"]!.AsArray().Count : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    static Process Start(string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "PidGpu.Cli"))
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    static async Task<(int Code, string Stderr)> Pidgpu(string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        await stdout;
        return (process.ExitCode, await stderr);
    }
}
