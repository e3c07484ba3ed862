using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;

namespace PidGpu.Cli;

/// <summary>
/// <see cref="SettingFlags"/> for the model commands' library settings (PidGpu.Models, PidGpu.Inputs): each error's
/// <see cref="PidInputException.Setting"/> worded with the flag that sets it. Not in the estimator tool, which has no model commands.
/// </summary>
internal static class ModelSettingFlags
{
    public static readonly Dictionary<string, Func<PidInputException, string>> Remedies = new()
    {
        // Other settings: resume with the same ones or start over; an unusable checkpoint (false suggested): start over.
        [CheckpointSettings.ResumeSetting] = e => e.SuggestedValue is null
            ? $"--resume: {Problem(e)}; run with the same settings, or without --resume to start over."
            : $"{Problem(e)}; run again without --resume.",
        [nameof(CaptureRequest.CheckpointEvery)] = e => $"--checkpoint-every {Problem(e)}",
        [nameof(ForwardSettings.AllAnswers)] = e => $"{Problem(e)} (use --answers all).",
        [LlavaModelDirectory.ModelSetting] = e => $"--model {Problem(e)}",
        [CapturedStates.FolderSetting] = e => $"--states {Problem(e)}",
        [SceneQuestionSet.PerTaskSetting] = e => $"--per-task {Problem(e)}",
        [nameof(SampleFaults.Strict)] = e => $"{Problem(e)} (--strict)",
    };

    static string Problem(PidInputException e) => e.Problem ?? e.Message;
}
