namespace PidGpu.Fuzz;

/// <summary>What one input did to a reader.</summary>
enum OutcomeKind { Accepted, Rejected, Crashed, Hung, AllocatedTooMuch }

/// <param name="Error">The exception, for Rejected and Crashed.</param>
/// <param name="AllocatedBytes">Managed bytes allocated while the reader ran.</param>
sealed record Outcome(OutcomeKind Kind, Exception? Error, long AllocatedBytes, TimeSpan Elapsed)
{
    public bool IsFinding => Kind is OutcomeKind.Crashed or OutcomeKind.Hung or OutcomeKind.AllocatedTooMuch;
}
