using System.Globalization;

namespace PidGpu.Fuzz;

/// <summary>The command line; <see cref="ArgumentException"/> on anything it does not understand.</summary>
sealed class Options
{
    public const string DefaultCorpus = "fuzz/corpus";

    public List<FuzzTarget> Targets { get; } = [];
    public double Seconds { get; private set; } = 60;
    public long Iterations { get; private set; } = long.MaxValue;
    public int Seed { get; private set; } = 1;
    public int TimeoutMs { get; private set; } = 2000;
    // Above the documented ceiling of a joint table (2^26 cells of doubles, held twice while it is normalised), which a
    // few kilobytes of counts CSV may legitimately ask for; anything beyond it is a finding.
    public long MaxAllocMb { get; private set; } = 1200;
    public string Corpus { get; private set; } = DefaultCorpus;
    public string Findings { get; private set; } = "fuzz/findings";
    public string Regressions { get; private set; } = "tests/PidGpu.Tests/FuzzFindings";
    public Feedback Feedback { get; private set; } = Feedback.Coverage;
    /// <summary>Refuse to run without instrumented readers (scripts/fuzz.sh: a broken instrumentation step must fail CI).</summary>
    public bool RequireCoverage { get; private set; }
    public string? Replay { get; private set; }
    public bool WriteCorpus { get; private set; }

    public Options(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seconds": Seconds = Number(Value(), "--seconds"); break;
                case "--iterations": Iterations = (long)Number(Value(), "--iterations"); break;
                case "--seed": Seed = (int)Number(Value(), "--seed"); break;
                case "--timeout-ms": TimeoutMs = (int)Number(Value(), "--timeout-ms"); break;
                case "--max-alloc-mb": MaxAllocMb = (long)Number(Value(), "--max-alloc-mb"); break;
                case "--corpus": Corpus = Value(); break;
                case "--findings": Findings = Value(); break;
                case "--regressions": Regressions = Value(); break;
                case "--replay": Replay = Value(); break;
                case "--feedback":
                    Feedback = Enum.TryParse<Feedback>(Value(), ignoreCase: true, out var f) && Enum.IsDefined(f)
                        ? f : throw new ArgumentException($"--feedback must be coverage or messages, got '{args[i]}'");
                    break;
                case "--write-corpus": WriteCorpus = true; break;
                case "--require-coverage": RequireCoverage = true; break;
                case var name when !name.StartsWith('-'):
                    Targets.Add(FuzzTargets.All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"unknown target '{name}'"));
                    break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        if (Replay is not null && Targets.Count != 1) throw new ArgumentException("--replay needs exactly one target");
        if (Targets.Count == 0) Targets.AddRange(FuzzTargets.All);
    }

    static double Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0
            ? v : throw new ArgumentException($"{option} must be a non-negative number, got '{text}'");
}
