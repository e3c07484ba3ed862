namespace PidGpu.Progress;

/// <summary>
/// Progress of a run made of interleaved stages, with rates and an ETA (the sum of every stage's remaining time at its own
/// rate). Each change is handed to an <see cref="IProgressSink"/>, which decides how to show it.
/// </summary>
public sealed class RunProgress(IProgressSink? sink = null)
{
    readonly List<StageMeter> stages = [];
    readonly IProgressSink sink = sink ?? IProgressSink.None;

    public IReadOnlyList<StageMeter> Stages => stages;

    /// <summary>Declares a stage (shown in declaration order).</summary>
    public StageMeter Define(string name, string unit, long total)
    {
        if (total < 0) throw new ArgumentOutOfRangeException(nameof(total), total, "a stage's total must be >= 0");
        var meter = new StageMeter(name, unit, total);
        stages.Add(meter);
        return meter;
    }

    /// <summary>Records <paramref name="units"/> finished units that took <paramref name="seconds"/>.</summary>
    public void Advance(StageMeter stage, long units, double seconds)
    {
        stage.Done += units;
        stage.Seconds += Math.Max(0, seconds);
        sink.Changed(this);
    }

    /// <summary>Removes work that will not be done (e.g. a skipped task), so the ETA stays honest.</summary>
    public void Skip(StageMeter stage, long units)
    {
        stage.Total = Math.Max(stage.Done, stage.Total - units);
        sink.Changed(this);
    }

    /// <summary>A message between progress updates (e.g. a task's accuracy).</summary>
    public void Log(string line) => sink.Log(line);

    /// <summary>Seconds left for the whole run; null until every unfinished stage has a rate.</summary>
    public double? EtaSeconds
    {
        get
        {
            double sum = 0;
            foreach (var s in stages)
            {
                if (s.RemainingSeconds is not { } r) return null;
                sum += r;
            }
            return sum;
        }
    }

    public bool Finished => stages.All(s => s.Done >= s.Total);

    /// <summary>One line: "forward 1200/4800 samples 310/s · PID 20/120 layers 2.1/s · ETA 0:58".</summary>
    public string Line()
    {
        var parts = stages.Select(s =>
            $"{s.Name} {s.Done}/{s.Total} {s.Unit}" + (s.Rate is { } r ? $" {FormatRate(r)}/s" : ""));
        string eta = Finished ? "done" : EtaSeconds is { } e ? $"ETA {FormatDuration(e)}" : "ETA ?";
        return string.Join(" · ", parts.Append(eta));
    }

    /// <summary>Overall fraction done, weighting each stage by its share of the estimated total time (equal before rates exist).</summary>
    public double Fraction
    {
        get
        {
            if (stages.Count == 0) return 1;
            var weights = stages.Select(s => s.Rate is { } r && s.Total > 0 ? s.Total / r : double.NaN).ToArray();
            if (weights.Any(double.IsNaN)) return stages.Average(s => s.Fraction);
            double total = weights.Sum();
            return total <= 0 ? 1 : stages.Select((s, i) => s.Fraction * weights[i]).Sum() / total;
        }
    }

    static string FormatRate(double r) => r >= 100 ? r.ToString("F0") : r >= 10 ? r.ToString("F1") : r.ToString("F2");

    /// <summary>m:ss, or h:mm:ss from an hour.</summary>
    public static string FormatDuration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(Math.Max(0, seconds)));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}" : $"{t.Minutes}:{t.Seconds:D2}";
    }
}
