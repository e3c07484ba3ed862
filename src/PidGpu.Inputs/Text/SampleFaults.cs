using PidGpu.Capture;

namespace PidGpu.Inputs.Text;

/// <summary>
/// Per-sample faults of a question run: skipped and collected, or with <see cref="Strict"/> an error at the first one. A run in
/// which every sample faulted is an error too (its first fault named), since nothing would be left to write.
/// </summary>
public sealed class SampleFaults(bool strict)
{
    readonly List<SampleFault> faults = [];

    public bool Strict { get; } = strict;

    public IReadOnlyList<SampleFault> All => faults;

    /// <summary>Runs <paramref name="step"/> for <paramref name="sample"/>; a PidInputException skips the sample (or, strict, is rethrown
    /// naming it, with <paramref name="row"/>, its index in the run) and gives default.</summary>
    public T? Try<T>(QuestionSample sample, Func<T> step, long? row = null)
    {
        try
        {
            return step();
        }
        catch (PidInputException e)
        {
            if (Strict)
            {
                string problem = $"sample '{sample.Id}' ({sample.Origin}): {e.Message}";
                throw new PidInputException($"{problem} (strict: a faulty sample stops the run)", e)
                {
                    Setting = nameof(Strict), SuggestedValue = "false", Problem = problem, Row = row,
                };
            }
            faults.Add(new SampleFault(sample.Id, sample.Task, e.Message));
            return default;
        }
    }

    /// <summary>Throws when none of <paramref name="total"/> samples was usable.</summary>
    public void CheckSomeLeft(int total)
    {
        if (total > 0 && faults.Count == total)
            throw new PidInputException($"all {total} samples were skipped; the first: '{faults[0].Id}': {faults[0].Reason}");
    }

    /// <summary>"2 samples skipped: 'q1' (reason); ..." for the log, or null when none was.</summary>
    public string? Summary(int shown = 10)
    {
        if (faults.Count == 0) return null;
        var named = faults.Take(shown).Select(f => $"'{f.Id}' ({f.Reason})");
        return $"{faults.Count} sample{(faults.Count == 1 ? "" : "s")} skipped: {string.Join("; ", named)}{(faults.Count > shown ? "; ..." : "")}";
    }
}
