using PidGpu.Cli;
using PidGpu.Capture;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Vision;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu scenes</c>: the written question set reads back through the JSON-lines reader with the generated samples' fields and
/// pixels, and the question path on it (<c>analyze --model models/tiny-vlm --data</c>: the model's own tokenizer with BOS, prompt
/// template and preprocessor_config.json) gives the layers.csv of <c>analyze --model</c> without <c>--data</c> byte for byte: the
/// scene tasks' run draws the same scenes (same generator, task t with seed --seed + t) and runs this very path (QuestionRun), on one
/// LibTorch thread. (Until the scene route was removed, this test held its own batched capture to the same bytes.)
/// </summary>
public class CliScenesTests
{
    static string ModelDirectory => Path.Combine(PidGpu.Tests.Support.SharedCanonical.RepoRoot(), "models", "tiny-vlm");

    [Fact]
    public void ScenesThenAnalyzeData_GivesTheSceneRoutesLayersCsv_ByteForByte()
    {
        using var temp = new TempFolder();
        string dir = temp.File("scenes");
        // 60 per task: every sample must be answered correctly to reach the 60 samples a task needs.
        string[] tasks = ["--tasks", "Attribute,LanguageControl"];
        var scenes = CliRun.Of(["scenes", "--out", dir, "--per-task", "60", .. tasks]);
        Assert.True(scenes.ExitCode == ExitCodes.Success, scenes.ToString());
        var sceneRoute = CliRun.Of(["analyze", "--model", ModelDirectory, "--samples", "60", .. tasks, "--device", "cpu", "--out", temp.File("scene-route")]);
        Assert.True(sceneRoute.ExitCode == ExitCodes.Success, sceneRoute.ToString());
        // No --template: the model's tokenizer_config.json names its prompt. --pca 8 is the scene tasks' default (--data's is 0.95).
        var questionRoute = CliRun.Of("analyze", "--model", ModelDirectory, "--data", Path.Combine(dir, "questions.jsonl"), "--pca", "8",
            "--device", "cpu", "--out", temp.File("question-route"));
        Assert.True(questionRoute.ExitCode == ExitCodes.Success, questionRoute.ToString());
        string expected = File.ReadAllText(Path.Combine(temp.File("scene-route"), "layers.csv"));
        Assert.Equal(11, expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + 2 tasks x 5 layers
        Assert.Equal(expected, File.ReadAllText(Path.Combine(temp.File("question-route"), "layers.csv")));
    }

    [Fact]
    public void WrittenSet_ReadsBack_WithTheGeneratedQuestionsAnswersAndPixels()
    {
        using var temp = new TempFolder();
        string dir = temp.File("scenes");
        var run = CliRun.Of("scenes", "--out", dir, "--per-task", "4", "--tasks", "Attribute,Side", "--seed", "11");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());

        var read = QuestionFile.Read(Path.Combine(dir, "questions.jsonl"));
        Assert.Equal(8, read.Count);
        Assert.Equal(4, read.Count(s => s.Task == "Attribute"));
        Assert.Equal(4, read.Count(s => s.Task == "Side"));
        Assert.Equal(8, read.Select(s => s.Id).Distinct().Count());
        foreach (var task in new[] { SceneTaskKind.Attribute, SceneTaskKind.Side })
        {
            // The same seed rule as the scene analysis: task t draws from seed + t.
            var expected = SceneTaskSuite.Generate(SceneTaskSuite.Get(task), 4, 11 + (int)task);
            var got = read.Where(s => s.Task == task.ToString()).ToList();
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(expected[i].Question, got[i].Question);
                Assert.Equal(expected[i].Answer, got[i].Answer);
                Assert.StartsWith(Path.Combine(Path.GetFullPath(dir), "images"), got[i].ImagePath);
                var image = RgbImage.Read(got[i].ImagePath);
                Assert.Equal(expected[i].Scene.Width, image.Width);
                Assert.Equal(expected[i].Scene.Rgb, image.Pixels);
            }
        }
    }

    [Theory]
    [InlineData("--per-task", "0", "--per-task must be at least 1")]
    [InlineData("--tasks", "Colours", "unknown task 'Colours'")]
    public void BadOptions_ExitTwo_AndWriteNoQuestionFile(string flag, string value, string message)
    {
        using var temp = new TempFolder();
        string dir = temp.File("scenes");
        var run = CliRun.Of("scenes", "--out", dir, flag, value);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "questions.jsonl")));
    }
}
