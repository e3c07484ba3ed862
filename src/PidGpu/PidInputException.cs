namespace PidGpu;

/// <summary>
/// Input the library cannot decompose (bad numbers, wrong shapes, unreadable files).
/// The message names the problem; the CLI prints it and exits with code 2.
/// Where a setting would fix it, <see cref="Setting"/> names that setting in API terms and <see cref="SuggestedValue"/>
/// gives a value, so a front end can word the remedy in its own terms (the CLI: a flag) instead of parsing the message.
/// </summary>
public sealed class PidInputException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The library setting that resolves the problem, e.g. <c>GaussianOptions.Ridge</c>; null when none does.</summary>
    public string? Setting { get; init; }

    /// <summary>A value of <see cref="Setting"/> that resolves it (invariant culture).</summary>
    public string? SuggestedValue { get; init; }

    /// <summary>The row (sample) the problem is in, counted from 0; null when it is not about one row.</summary>
    public long? Row { get; init; }

    /// <summary>The column the problem is in, counted from 0; null when it is not about one column.</summary>
    public int? Column { get; init; }

    /// <summary>The entry at <see cref="Row"/>, <see cref="Column"/> that is the problem (a NaN or ±∞ where data must be finite);
    /// null when the problem is not one value.</summary>
    public double? Value { get; init; }

    /// <summary>The message without its remedy in API terms (for front ends that add their own); the message when null.</summary>
    public string? Problem { get; init; }

    /// <summary>The same error with <paramref name="prefix"/> before the message (e.g. which resample failed).</summary>
    public PidInputException WithPrefix(string prefix) => new($"{prefix}: {Message}", InnerException)
    {
        Setting = Setting,
        SuggestedValue = SuggestedValue,
        Problem = Problem is null ? null : $"{prefix}: {Problem}",
        Row = Row,
        Column = Column,
        Value = Value,
    };
}
