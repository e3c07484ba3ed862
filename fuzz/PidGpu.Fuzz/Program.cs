using System.Globalization;

namespace PidGpu.Fuzz;

/// <summary>
/// Coverage-guided mutation fuzzer for PidGpu's file readers (SharpFuzz instrumentation, read in process; run it as
/// scripts/fuzz.sh does, from fuzz/out/ where the reader assemblies are instrumented). Usage (from the repository root):
/// <code>
/// PidGpu.Fuzz [TARGET...] [--seconds S] [--iterations N] [--seed N] [--timeout-ms MS] [--max-alloc-mb MB]
///             [--feedback coverage|messages] [--require-coverage] [--corpus DIR] [--regressions DIR] [--findings DIR]
/// PidGpu.Fuzz TARGET --replay FILE        # one input, e.g. a saved finding
/// PidGpu.Fuzz --write-corpus              # regenerate the seed corpus
/// </code>
/// Exit 0: no finding; 1: a reader threw something other than PidInputException, ran past the timeout or allocated
/// more than the bound; 2: bad usage.
/// </summary>
static class Program
{
    static int Main(string[] args)
    {
        // Before any reader code runs: an instrumented branch writes through this pointer.
        TraceBitmap.Install();
        try
        {
            return Run(new Options(args));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"fuzz: {e.Message}");
            Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
            return 2;
        }
    }

    static int Run(Options o)
    {
        if (o.WriteCorpus)
        {
            CorpusWriter.Write(o.Corpus);
            Console.WriteLine($"fuzz: wrote the seed corpus to {o.Corpus}");
            return 0;
        }
        var runner = new InputRunner(TimeSpan.FromMilliseconds(o.TimeoutMs), o.MaxAllocMb << 20);
        // Under the findings folder: a reader that aborts the process (a native panic) leaves the input it was reading there.
        var scratch = Directory.CreateDirectory(Path.Combine(o.Findings, $"scratch-{Environment.ProcessId}")).FullName;
        try
        {
            return o.Replay is { } file ? Replay(o.Targets.Single(), file, scratch, runner) : Fuzz(o, scratch, runner);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { } // a hung reader may hold a file
        }
    }

    static int Fuzz(Options o, string scratch, InputRunner runner)
    {
        var feedback = o.Feedback;
        if (!TraceBitmap.ReadersInstrumented)
        {
            if (o.RequireCoverage) throw new ArgumentException("--require-coverage: PidGpu.dll and PidGpu.Models.dll beside the harness are not instrumented");
            Console.WriteLine("fuzz: the reader assemblies are not instrumented (run scripts/fuzz.sh): no edge coverage, " +
                "so new error messages guide the fuzzer instead");
            feedback = Feedback.Messages;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {o.Targets.Count} readers, {o.Seconds} s each, seed {o.Seed}, {feedback.ToString().ToLowerInvariant()} feedback, timeout {o.TimeoutMs} ms, allocation bound {o.MaxAllocMb} MB"));
        int findings = 0;
        foreach (var target in o.Targets)
        {
            var report = new Fuzzer(target, o.Corpus, o.Regressions, scratch, o.Findings, runner, feedback)
                .Run(o.Seed, TimeSpan.FromSeconds(o.Seconds), o.Iterations);
            Console.WriteLine(report);
            foreach (var (signature, saved) in report.Findings)
            {
                Console.WriteLine($"  FINDING {signature}\n    input: {saved}\n    {File.ReadAllText(saved + ".txt").Split('\n')[0]}");
                findings++;
            }
            if (report.Findings.Keys.Any(k => k.StartsWith(nameof(OutcomeKind.Hung), StringComparison.Ordinal)))
            {
                Console.WriteLine("fuzz: stopping after a hang (the reader's thread cannot be stopped)");
                Environment.Exit(1);
            }
        }
        Console.WriteLine(findings == 0 ? "fuzz: no findings" : $"fuzz: {findings} finding(s), inputs under {o.Findings}");
        return findings == 0 ? 0 : 1;
    }

    static int Replay(FuzzTarget target, string file, string scratch, InputRunner runner)
    {
        string beside = Path.Combine(Options.DefaultCorpus, target.Name, "beside");
        if (Directory.Exists(beside))
            foreach (var f in Directory.GetFiles(beside)) File.Copy(f, Path.Combine(scratch, Path.GetFileName(f)));
        string path = Path.Combine(scratch, target.FileName);
        File.Copy(file, path);
        var outcome = runner.Run(target, path);
        Console.WriteLine($"{target.Name}: {outcome.Kind} in {outcome.Elapsed.TotalMilliseconds:F0} ms, {outcome.AllocatedBytes / 1048576.0:F1} MB");
        Console.WriteLine(Fuzzer.Describe(outcome));
        if (outcome.Kind == OutcomeKind.Hung) Environment.Exit(1);
        return outcome.IsFinding ? 1 : 0;
    }
}
