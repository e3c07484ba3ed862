using PidGpu.Device;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Runs;

namespace PidGpu.Cli;

/// <summary>
/// The one place where a library error becomes the command line's: the error's <see cref="PidInputException.Setting"/>
/// field (never its text) picks the flag, and the remedy is worded with it. Settings without a flag keep the message.
/// </summary>
internal static class SettingFlags
{
    static readonly Dictionary<string, Func<PidInputException, string>> Remedies = new()
    {
        [nameof(DeviceKind)] = e => $"{e.Message} Use --device {e.SuggestedValue?.ToLowerInvariant()} or --device cpu.",
        [GaussianInformation.RidgeSetting] = e => $"{Problem(e)}: --ridge {e.SuggestedValue} adds {e.SuggestedValue} × the mean diagonal " +
            "of each of the X1, X2, Y blocks.",
        [PidFlowSettings.DropNonFiniteSetting] = e => $"{Problem(e)}; fix the data or pass --drop-nonfinite to skip such rows.",
        [BrojaBudget.MaxSecondsSetting] = e => $"{Problem(e)}, or raise the limit with --max-seconds {e.SuggestedValue}.",
        [BrojaBudget.MaxBytesSetting] = e => $"{Problem(e)}, or raise the limit with --max-memory.",
        [FloatColumnsInput.BinsSetting] = e => $"--bins {Problem(e)}",
        [CovarianceInput.SamplesSetting] = e => $"{e.Message} Give it with --samples N.",
    };

    /// <summary>The error in the command line's terms.</summary>
    public static string Wording(PidInputException e) =>
        e.Setting is { } setting && (Remedies.TryGetValue(setting, out var remedy) || ModelRemedy(setting, out remedy)) ? remedy(e) : e.Message;

    /// <summary>The model commands' remedies (<see cref="ModelSettingFlags"/>), where this build has them.</summary>
    static bool ModelRemedy(string setting, out Func<PidInputException, string> remedy)
    {
#if PIDGPU_MODEL_COMMANDS
        return ModelSettingFlags.Remedies.TryGetValue(setting, out remedy!);
#else
        remedy = e => e.Message;
        return false;
#endif
    }

    static string Problem(PidInputException e) => e.Problem ?? e.Message;
}
