using System.Globalization;

namespace PidGpu.Fuzz;

/// <summary>Counts of one target's run and its distinct findings (signature → saved input).</summary>
sealed class FuzzReport(string target)
{
    public string Target { get; } = target;
    public long Iterations { get; private set; }
    public long Accepted { get; private set; }
    public long Rejected { get; private set; }
    public TimeSpan Elapsed { get; private set; }
    public int DistinctMessages { get; private set; }
    /// <summary>Distinct edges of the instrumented readers lit by the run (0 when they are not instrumented).</summary>
    public int Edges { get; private set; }
    public int CorpusSize { get; private set; }
    public IReadOnlyDictionary<string, string> Findings { get; private set; } = new Dictionary<string, string>();
    public TimeSpan Slowest { get; private set; }
    public long MostAllocated { get; private set; }

    public void Count(Outcome o)
    {
        Iterations++;
        if (o.Kind == OutcomeKind.Accepted) Accepted++;
        if (o.Kind == OutcomeKind.Rejected) Rejected++;
        if (o.Elapsed > Slowest) Slowest = o.Elapsed;
        if (o.AllocatedBytes > MostAllocated) MostAllocated = o.AllocatedBytes;
    }

    public void Finish(TimeSpan elapsed, int messages, int edges, int corpus, IReadOnlyDictionary<string, string> findings)
    {
        Elapsed = elapsed;
        DistinctMessages = messages;
        Edges = edges;
        CorpusSize = corpus;
        Findings = findings;
    }

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0,-24} {1,8} inputs in {2,5:F1} s ({3,6:F0}/s): {4} accepted, {5} rejected, {6} distinct errors, {7} edges, " +
        "corpus {8}, slowest {9:F0} ms, most allocated {10:F1} MB, {11} finding(s)",
        Target, Iterations, Elapsed.TotalSeconds, Iterations / Math.Max(Elapsed.TotalSeconds, 1e-9), Accepted, Rejected,
        DistinctMessages, Edges, CorpusSize, Slowest.TotalMilliseconds, MostAllocated / 1048576.0, Findings.Count);
}
