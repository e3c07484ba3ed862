using PidGpu.Cli;
using PidGpu.Device;
using PidGpu.Inputs.Scenes;
using PidGpu.Models.Analysis;
using PidGpu.Report;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="QuestionRun.Execute"/>, the library's one model-side route, called directly on the tiny scene model: two scene tasks,
/// intact and with the Image→Question knockout in block 0. Its layers are those <c>pidgpu knockout</c> writes for the same settings
/// byte for byte (the CLI only parses, calls it and writes the folder), every condition covers the same tasks and layers, and the
/// run leaves no scratch folder (nor the run folder it made) behind.
/// </summary>
public class QuestionRunTests
{
    static string ModelDirectory => Path.Combine(PidGpu.Tests.Support.SharedCanonical.RepoRoot(), "models", "tiny-vlm");

    [Fact]
    public void Execute_FromCapturedStates_RefusesKnockouts_NamingTheSetting()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<PidInputException>(() => QuestionRun.Execute(new QuestionRunRequest
        {
            Questions = new CapturedStatesSource(temp.File("states")), RunFolder = temp.File("run"), Knockouts = [],
        }));
        Assert.Equal(nameof(QuestionRunRequest.Knockouts), e.Setting);
    }

    [Fact]
    public void Execute_OnTheSceneTasks_GivesTheLayersOfTheKnockoutCommand()
    {
        using var temp = new TempFolder();
        string folder = temp.File("library");
        var run = QuestionRun.Execute(new QuestionRunRequest
        {
            Model = ModelDirectory, RunFolder = folder,
            // 60 per task: every sample must be answered correctly to reach the 60 samples a task needs.
            Questions = new SceneTaskSource([SceneTaskKind.Attribute, SceneTaskKind.LanguageControl], 60, PidDefaults.SceneSeed),
            Knockouts = [(0, 0)], Device = DeviceKind.Cpu,
        });
        Assert.False(Directory.Exists(folder), "the scratch capture and scene set are removed, and the run folder the run made");
        Assert.False(run.Settings.Partial);
        var conditions = run.Records.GroupBy(r => r.Condition).ToDictionary(g => g.Key, g => g.Select(r => (r.Task, r.Layer)).ToList());
        Assert.Equal([Conditions.Intact, Conditions.Knockout(0, 0)], conditions.Keys.ToArray());
        Assert.Equal(10, conditions[Conditions.Intact].Count); // 2 tasks x 5 layers
        Assert.Equal(conditions[Conditions.Intact], conditions[Conditions.Knockout(0, 0)]);

        var cli = CliRun.Of("knockout", "--model", ModelDirectory, "--samples", "60", "--tasks", "Attribute,LanguageControl", "--layers", "0-0",
            "--device", "cpu", "--out", temp.File("cli"));
        Assert.True(cli.ExitCode == ExitCodes.Success, cli.ToString());
        run.Save(folder);
        Assert.Equal(File.ReadAllText(Path.Combine(temp.File("cli"), RunResults.LayersFileName)),
            File.ReadAllText(Path.Combine(folder, RunResults.LayersFileName)));
    }
}
