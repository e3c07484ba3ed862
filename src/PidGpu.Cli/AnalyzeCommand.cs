using PidGpu.Report;
using PidGpu.Models.Analysis;
using PidGpu.Inputs.Scenes;
using PidGpu.Pipeline;
using PidGpu.Progress;
using PidGpu.Reduce;

namespace PidGpu.Cli;

/// <summary><c>pidgpu analyze</c> and <c>pidgpu knockout</c>: layer-wise PID from a question set (<c>--data</c>; the scene tasks
/// without it, see <see cref="QuestionRunRequests"/>) or a capture (<c>--states</c>), saved and rendered like <c>report</c>.</summary>
internal static class AnalyzeCommand
{
    public static int Run(LayerRunOptions o, string? windows, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default) =>
        QuestionRunRequests.Run(o, windows, stdout, stderr, cancel);

    /// <summary>The estimation settings.</summary>
    internal static LayerwiseOptions Options(LayerRunOptions o)
    {
        CheckSamples(o.Samples);
        if (o.Bootstrap < 0) throw new PidInputException($"--bootstrap must be >= 0, got {o.Bootstrap}.");
        // The paper's 95 % of the variance; a scene run (QuestionRunRequests) sets 8 components unless --pca is given.
        var pca = OptionValues.Pca(o.Pca, PcaSize.Paper);
        if (pca.IsOff) throw new PidInputException("--pca must be >= 1 or a variance fraction in (0, 1), got 0.");
        bool copula = o.Gaussianize.Trim().ToLowerInvariant() switch
        {
            "copula" => true,
            "none" => false,
            _ => throw new PidInputException($"--gaussianize '{o.Gaussianize}' is not one of copula, none."),
        };
        var estimator = o.Estimator.Trim().ToLowerInvariant() switch
        {
            "gaussian" => LayerEstimator.Gaussian,
            "discrete" => LayerEstimator.Discrete,
            _ => throw new PidInputException($"--estimator '{o.Estimator}' is not one of gaussian, discrete."),
        };
        var target = o.Target.Trim().ToLowerInvariant() switch
        {
            "logit" => LayerTarget.Logit,
            "answer" => LayerTarget.Answer,
            _ => throw new PidInputException($"--target '{o.Target}' is not one of logit, answer."),
        };
        if (o.Bins < 2) throw new PidInputException($"--bins must be at least 2, got {o.Bins}.");
        // Only the correctly answered share of --samples is analysed, so this is a first check; the coding names any later shortfall.
        if (o.Bins > o.Samples) throw new PidInputException($"--bins {o.Bins} is more than the {o.Samples} --samples per task.");
        return new LayerwiseOptions
        {
            Seed = o.Seed, Pca = pca, Copula = copula, Bootstrap = o.Bootstrap, Estimator = estimator, Bins = o.Bins, Target = target,
        };
    }

    /// <summary>Fewer generated samples per task cannot leave enough correct answers to estimate from.</summary>
    internal static void CheckSamples(int samples)
    {
        if (samples < 10) throw new PidInputException($"--samples must be at least 10, got {samples}.");
    }

    internal static IReadOnlyList<SceneTaskKind> Tasks(string text)
    {
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return Enum.GetValues<SceneTaskKind>();
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name =>
            Enum.TryParse<SceneTaskKind>(name, ignoreCase: true, out var kind) ? kind
                : throw new PidInputException($"--tasks: unknown task '{name}'; the tasks are {string.Join(", ", Enum.GetNames<SceneTaskKind>())}.")).ToList();
    }

    /// <summary>"0-1,2-3" or "3" → inclusive block windows.</summary>
    public static IReadOnlyList<(int First, int Last)> Windows(string text)
    {
        var windows = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-');
            if (ends.Length is < 1 or > 2 || !int.TryParse(ends[0], out int first) || !int.TryParse(ends[^1], out int last) || first < 0 || last < first)
                throw new PidInputException($"knockout window '{part}' is not FIRST-LAST with 0 <= FIRST <= LAST (e.g. 0-1).");
            windows.Add((first, last));
        }
        if (windows.Count == 0) throw new PidInputException("give at least one knockout window, e.g. 0-1.");
        return windows;
    }
}
