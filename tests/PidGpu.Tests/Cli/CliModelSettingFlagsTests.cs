using PidGpu.Capture;
using PidGpu.Cli;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The model side's input errors, thrown by the library in its own terms with <see cref="PidInputException.Setting"/> (and the
/// row, where one sample is at fault), and worded by the CLI (<see cref="SettingFlags"/>) with the flag that sets it: a missing
/// --model or --states folder, a bad --per-task or --checkpoint-every, --strict on a faulty sample, and a --resume that cannot go on.
/// </summary>
public sealed class CliModelSettingFlagsTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    /// <summary>The library's message names no flag.</summary>
    static PidInputException InLibraryTerms(PidInputException e)
    {
        Assert.DoesNotMatch("--[A-Za-z]", e.Message);
        return e;
    }

    [Fact]
    public void MissingModelFolder_IsTheModelSetting_WordedAsModelFlag()
    {
        string missing = temp.File("no-model");
        var e = InLibraryTerms(Assert.Throws<PidInputException>(() => LlavaModelDirectory.Open(missing)));
        Assert.Equal(nameof(QuestionRunRequest.Model), e.Setting);
        Assert.Equal(nameof(CaptureRequest.Model), e.Setting);
        Assert.Equal($"--model {missing}: no such directory.", SettingFlags.Wording(e));

        var cli = CliRun.Of("capture", "--model", missing, "--data", temp.File("questions.jsonl"), "--out", temp.File("states"));
        Assert.True(cli.ExitCode == ExitCodes.BadInput, cli.ToString());
        Assert.Contains($"error: --model {missing}: no such directory.", cli.Stderr);
        Assert.False(Directory.Exists(temp.File("states")), "a failed capture leaves no folder it made");
    }

    [Fact]
    public void MissingStatesFolder_IsTheCapturedStatesSourceFolder_WordedAsStatesFlag()
    {
        string missing = temp.File("no-states");
        var e = InLibraryTerms(Assert.Throws<PidInputException>(() => CapturedStates.Load(missing)));
        Assert.Equal($"{nameof(CapturedStatesSource)}.{nameof(CapturedStatesSource.Folder)}", e.Setting);
        Assert.Equal($"--states {missing}: no such directory.", SettingFlags.Wording(e));

        var cli = CliRun.Of("analyze", "--states", missing, "--device", "cpu", "--out", temp.File("run"));
        Assert.True(cli.ExitCode == ExitCodes.BadInput, cli.ToString());
        Assert.Contains($"error: --states {missing}: no such directory.", cli.Stderr);
    }

    [Fact]
    public void QuestionsPerTask_IsThePerTaskSetting_WordedAsPerTaskFlag()
    {
        var scenes = InLibraryTerms(Assert.Throws<PidInputException>(() =>
            SceneQuestionSet.Write(temp.File("scenes"), [SceneTaskKind.Attribute], 0, 1)));
        Assert.Equal(nameof(QuestionSource.PerTask), scenes.Setting);
        Assert.Equal("--per-task must be at least 1, got 0.", SettingFlags.Wording(scenes));

        var read = InLibraryTerms(Assert.Throws<PidInputException>(() => QuestionRun.Read(new QuestionFileSource(temp.File("q.jsonl"), PerTask: -1))));
        Assert.Equal(nameof(QuestionSource.PerTask), read.Setting);
        Assert.Equal("--per-task must be >= 0, got -1.", SettingFlags.Wording(read));
    }

    [Fact]
    public void CheckpointEveryBelowOne_IsItsSetting_WordedAsCheckpointEveryFlag()
    {
        var request = new CaptureRequest
        {
            Model = temp.File("no-model"), Questions = new QuestionFileSource(temp.File("q.jsonl")), Folder = temp.File("states"), CheckpointEvery = 0,
        };
        var e = InLibraryTerms(Assert.Throws<PidInputException>(() => CaptureRun.Execute(request)));
        Assert.Equal(nameof(CaptureRequest.CheckpointEvery), e.Setting);
        Assert.Equal("1", e.SuggestedValue);
        Assert.Equal("--checkpoint-every must be at least 1, got 0.", SettingFlags.Wording(e));

        var cli = CliRun.Of("capture", "--model", temp.File("no-model"), "--data", temp.File("q.jsonl"), "--checkpoint-every", "0",
            "--out", temp.File("states"));
        Assert.True(cli.ExitCode == ExitCodes.BadInput, cli.ToString());
        Assert.Contains("error: --checkpoint-every must be at least 1, got 0.", cli.Stderr);
    }

    [Fact]
    public void StrictOnAFaultySample_IsTheStrictSetting_WithTheSamplesRow_WordedWithStrictFlag()
    {
        var sample = new QuestionSample("q7", "chooseAttr", "Is it red?", "yes", "img7.jpg", "questions.jsonl line 8");
        var e = InLibraryTerms(Assert.Throws<PidInputException>(() =>
            new SampleFaults(strict: true).Try<int>(sample, () => throw new PidInputException("img7.jpg does not exist."), row: 7)));
        Assert.Equal(nameof(SampleFaults.Strict), e.Setting);
        Assert.Equal(7, e.Row);
        Assert.Equal("false", e.SuggestedValue);
        Assert.Equal("sample 'q7' (questions.jsonl line 8): img7.jpg does not exist. (--strict)", SettingFlags.Wording(e));
    }

    [Fact]
    public void ResumeUnderOtherSettings_IsTheResumeSetting_WordedWithResumeFlag()
    {
        var e = InLibraryTerms(Assert.Throws<PidInputException>(() => CheckpointSettings.CheckSame("checkpoint.json",
            new Dictionary<string, string> { ["pooling"] = "mean" }, new Dictionary<string, string> { ["pooling"] = "max" })));
        Assert.Equal(nameof(CaptureRequest.Resume), e.Setting);
        Assert.Equal(nameof(QuestionRunRequest.Resume), e.Setting);
        Assert.Null(e.SuggestedValue); // the same settings resolve it too
        Assert.Equal("--resume: the checkpoint checkpoint.json was made with other settings (pooling was 'mean', now 'max'); " +
            "run with the same settings, or without --resume to start over.", SettingFlags.Wording(e));
    }

    [Fact]
    public void ResumeOfAShortSpill_IsTheResumeSetting_WordedAsRunAgainWithoutResume()
    {
        string spill = temp.File("spill");
        var e = InLibraryTerms(Assert.Throws<PidInputException>(() => StatesSpill.Open(spill, 2, 3, new SpillMark(4, 100))));
        Assert.Equal(nameof(CaptureRequest.Resume), e.Setting);
        Assert.Equal("false", e.SuggestedValue);
        Assert.Equal($"{spill}: the checkpoint's states are missing or shorter than its 4 rows; run again without --resume.", SettingFlags.Wording(e));
    }
}
