namespace PidGpu.Fuzz;

/// <summary>What makes a mutant join the corpus.</summary>
enum Feedback
{
    /// <summary>It lit a new edge, or a new hit-count bucket of an edge, in the instrumented readers (SharpFuzz).</summary>
    Coverage,

    /// <summary>It drew an error message not seen before (the fuzzer's feedback before SharpFuzz; kept to compare).</summary>
    Messages,
}
