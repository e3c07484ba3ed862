namespace PidGpu.Models.Analysis;

/// <summary>
/// The settings a checkpoint was made under, as its caller names them (name → value of everything that changes the results),
/// and the one check a resume makes: the same settings, or a refusal that names each difference.
/// </summary>
public static class CheckpointSettings
{
    /// <summary>The <see cref="PidInputException.Setting"/> of a checkpoint that cannot be resumed: resuming (the requests'
    /// <c>Resume</c>) is what to turn off.</summary>
    public const string ResumeSetting = nameof(QuestionRunRequest.Resume);

    /// <exception cref="PidInputException">The settings differ; each difference is named.</exception>
    internal static void CheckSame(string path, IReadOnlyDictionary<string, string> saved, IReadOnlyDictionary<string, string> now)
    {
        var differences = now.Keys.Union(saved.Keys).Order(StringComparer.Ordinal)
            .Where(k => now.GetValueOrDefault(k) != saved.GetValueOrDefault(k))
            .Select(k => $"{k} was '{saved.GetValueOrDefault(k) ?? "(unset)"}', now '{now.GetValueOrDefault(k) ?? "(unset)"}'")
            .ToList();
        if (differences.Count == 0) return;
        string problem = $"the checkpoint {path} was made with other settings ({string.Join("; ", differences)})";
        throw new PidInputException($"{problem}; resume with the same settings, or start over without resuming.")
        {
            Setting = ResumeSetting, Problem = problem,
        };
    }

    /// <summary>A checkpoint that is there but cannot be used (corrupt, or from an older version): only starting over (resuming
    /// off, the suggested value) helps.</summary>
    internal static PidInputException Unusable(string problem, Exception? inner = null) =>
        new($"{problem}; start over without resuming.", inner) { Setting = ResumeSetting, Problem = problem, SuggestedValue = "false" };
}
