using PidGpu.Cli;
using PidGpu.Data;
using PidGpu.Models.Scenes;
using PidGpu.Models.Vision;

namespace PidGpu.Tests;

/// <summary><c>pidgpu scenes</c>: the written question set reads back through the JSON-lines reader with the generated samples' fields and pixels.</summary>
public class CliScenesTests
{
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
