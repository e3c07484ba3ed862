using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PidGpu.Fuzz;

/// <summary>
/// Fuzzes one target for a time and iteration budget. With <see cref="Feedback.Coverage"/> a mutant joins the in-memory
/// corpus when it lights a new edge (or a new hit-count bucket of one) in the SharpFuzz-instrumented readers, so
/// mutations build on inputs that got further into the reader; with <see cref="Feedback.Messages"/> when it draws an
/// error message never seen before (numbers, quoted and bracketed text and the scratch path masked). Each distinct
/// finding (kind, exception type, throwing frame) is saved with its stack trace under the findings folder.
/// </summary>
sealed partial class Fuzzer(FuzzTarget target, string corpusRoot, string regressionsRoot, string scratchRoot, string findingsRoot,
    InputRunner runner, Feedback feedback)
{
    const int MaxInputBytes = 64 * 1024;
    const int MaxCorpus = 1024;

    public FuzzReport Run(int seed, TimeSpan budget, long maxIterations)
    {
        var seeds = Seeds();
        // The seeds, then the inputs that once found bugs (a regression shows at once, and their paths join the corpus).
        var replays = seeds.Concat(Regressions()).ToList();
        var corpus = new List<byte[]>(seeds);
        var rng = new Random(seed ^ StableHash(target.Name));
        var mutator = new Mutator(rng, new Dictionary(seeds), MaxInputBytes);
        var scratch = PrepareScratch();
        string path = Path.Combine(scratch, target.FileName);
        var messages = new HashSet<string>(StringComparer.Ordinal);
        var coverage = new EdgeCoverage();
        var findings = new Dictionary<string, string>(StringComparer.Ordinal);
        var report = new FuzzReport(target.Name);
        // Untimed first call: JIT and native libraries (libtorch, the Rust tokenizer) load here, not inside the timeout.
        File.WriteAllBytes(path, seeds[0]);
        TraceBitmap.Clear();
        new InputRunner(TimeSpan.FromMinutes(2), long.MaxValue).Run(target, path);
        coverage.Merge(TraceBitmap.Hits); // static constructors run here, once per process
        var clock = Stopwatch.StartNew();

        // The seeds and regressions first, unmutated: each must be read without a finding.
        for (long i = 0; clock.Elapsed < budget && i < maxIterations; i++)
        {
            // A quarter of the mutations start from a seed, so near-valid inputs stay common however large the corpus grows.
            var parent = rng.Next(4) == 0 ? seeds[rng.Next(seeds.Count)] : corpus[rng.Next(corpus.Count)];
            byte[] input = i < replays.Count ? replays[(int)i] : mutator.Mutate(parent, corpus);
            File.WriteAllBytes(path, input);
            TraceBitmap.Clear();
            var outcome = runner.Run(target, path);
            report.Count(outcome);
            if (outcome.IsFinding)
            {
                string signature = Signature(outcome);
                if (!findings.ContainsKey(signature))
                    findings[signature] = Save(input, outcome, findings.Count);
                if (outcome.Kind == OutcomeKind.Hung) break; // the reader's thread is still running: stop here
                continue;
            }
            string message = outcome.Error is null ? "accepted" : Mask(outcome.Error.Message, scratch);
            bool newMessage = messages.Add(message);
            bool newEdges = coverage.Merge(TraceBitmap.Hits);
            bool inCorpus = i < seeds.Count; // the seeds are there from the start
            if ((feedback == Feedback.Coverage ? newEdges : newMessage) && !inCorpus && corpus.Count < MaxCorpus) corpus.Add(input);
        }
        report.Finish(clock.Elapsed, messages.Count, coverage.Edges, corpus.Count, findings);
        if (!findings.Keys.Any(k => k.StartsWith(nameof(OutcomeKind.Hung), StringComparison.Ordinal)))
            Directory.Delete(scratch, recursive: true); // what is left after a crash of the process is the culprit's
        return report;
    }

    List<byte[]> Seeds()
    {
        string folder = Path.Combine(corpusRoot, target.Name);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"no corpus for '{target.Name}' at {folder} (run with --write-corpus)");
        var seeds = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        if (seeds.Count == 0) throw new InvalidOperationException($"the corpus folder {folder} is empty");
        return seeds;
    }

    /// <summary>The inputs kept as regression tests (tests/PidGpu.Tests/FuzzFindings/TARGET/), if any.</summary>
    IEnumerable<byte[]> Regressions()
    {
        string folder = Path.Combine(regressionsRoot, target.Name);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)
            : [];
    }

    /// <summary>A fresh scratch folder holding the target's companion files.</summary>
    string PrepareScratch()
    {
        string scratch = Path.Combine(scratchRoot, target.Name);
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        Directory.CreateDirectory(scratch);
        string beside = Path.Combine(corpusRoot, target.Name, "beside");
        if (Directory.Exists(beside))
            foreach (var file in Directory.GetFiles(beside))
                File.Copy(file, Path.Combine(scratch, Path.GetFileName(file)));
        return scratch;
    }

    string Save(byte[] input, Outcome outcome, int index)
    {
        string folder = Path.Combine(findingsRoot, target.Name);
        Directory.CreateDirectory(folder);
        string name = $"{outcome.Kind.ToString().ToLowerInvariant()}-{index}{Path.GetExtension(target.FileName)}";
        File.WriteAllBytes(Path.Combine(folder, name), input);
        File.WriteAllText(Path.Combine(folder, name + ".txt"), Describe(outcome));
        return Path.Combine(folder, name);
    }

    public static string Describe(Outcome o) => o.Kind switch
    {
        OutcomeKind.Hung => $"hang: still running after {o.Elapsed.TotalSeconds:F1} s",
        OutcomeKind.AllocatedTooMuch => $"allocated {o.AllocatedBytes / (1 << 20)} MB in {o.Elapsed.TotalSeconds:F2} s" +
            (o.Error is null ? "" : $", then threw {o.Error.GetType().Name}: {o.Error.Message}"),
        _ => o.Error?.ToString() ?? o.Kind.ToString(),
    };

    static string Signature(Outcome o)
    {
        string frame = o.Error?.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at PidGpu", StringComparison.Ordinal)) ?? "";
        return $"{o.Kind} {o.Error?.GetType().FullName} {frame}";
    }

    static string Mask(string message, string scratch)
    {
        string masked = Echoes().Replace(message.Replace(scratch, "", StringComparison.Ordinal), "#");
        return masked.Length > 120 ? masked[..120] : masked;
    }

    /// <summary>string.GetHashCode is randomised per process; the run must not be.</summary>
    static int StableHash(string s) => s.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    /// <summary>Numbers, quoted and bracketed text: the parts of a message that echo the input rather than say which check failed.</summary>
    [GeneratedRegex("[0-9]+|'[^']*'|\"[^\"]*\"|\\([^)]*\\)|\\[[^\\]]*\\]")]
    private static partial Regex Echoes();
}
