using PidGpu.Cli;
using PidGpu.Models.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The question commands' bad input not covered by the inspect, capture and question-file tests, through the CLI on tiny
/// random LLaVA checkpoints (real vocabulary): an undecodable image (1.5 and 1.6) and a missing one are skipped, named and
/// counted, or with --strict exit 2 with nothing written; a question without a gold answer, a checkpoint whose tensor does not
/// fit its config, and a GQA file with none of the requested tasks exit 2 naming the problem, with nothing written.
/// </summary>
public sealed class CliQuestionBadInputTests : IDisposable
{
    readonly TempFolder temp = new();

    public CliQuestionBadInputTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UndecodableAndMissingImages_AreSkippedNamedAndCounted_OrExitTwoWithStrict(bool next)
    {
        string model = temp.File("model");
        if (next) TinyHfLlavaNext.Write(model, 5);
        else TinyHfLlava.Write(model, 5);
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path,
            [.. CliInspectTests.Questions, new("206", "img9", "Is the jar full or empty?", "empty", "chooseAttr"),
                new("207", "broken", "Is the cup red or blue?", "red", "chooseAttr")], CliInspectTests.Images);
        File.WriteAllText(Path.Combine(images, "broken.jpg"), "this is not a JPEG");
        string[] input = ["--model", model, "--data", data, "--images", images, "--answers", "all"];

        var run = CliRun.Of(["capture", .. input, "--out", temp.File("states")]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("2 samples skipped: '206'", run.Stderr);
        Assert.Contains("does not exist", run.Stderr);
        Assert.Contains("'207' (image file '", run.Stderr);
        Assert.Contains("broken.jpg' is not a readable image", run.Stderr);
        Assert.Equal(["201", "202", "204"], CapturedStates.Load(temp.File("states")).Samples.Select(s => s.Id));

        foreach (string command in new[] { "capture", "analyze" })
        {
            string output = temp.File("strict-" + command);
            var strict = CliRun.Of([command, .. input, "--strict", "--out", output]);
            Assert.Equal(ExitCodes.BadInput, strict.ExitCode);
            Assert.Contains("sample '206'", strict.Stderr); // the first faulty sample stops the run
            Assert.Contains("(--strict)", strict.Stderr);
            Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), $"{command} --strict wrote into {output}");
        }
    }

    [Fact]
    public void QuestionWithoutGoldAnswer_ExitsTwo_NamingTheQuestion()
    {
        string model = temp.File("model");
        TinyHfLlava.Write(model, 5);
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, [.. CliInspectTests.Questions, new("208", "img1", "Is it red?", " ", "chooseAttr")],
            CliInspectTests.Images);
        foreach (string command in new[] { "capture", "analyze", "knockout" })
        {
            var run = CliRun.Of(command, "--model", model, "--data", data, "--images", images, "--out", temp.File(command));
            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains("question 208", run.Stderr);
            Assert.Contains("a question without a gold answer cannot be analysed", run.Stderr);
            Assert.False(Directory.Exists(temp.File(command)));
        }
    }

    [Fact]
    public void TensorThatDoesNotFitTheConfig_ExitsTwo_NamingTheTensorAndBothShapes()
    {
        string model = temp.File("model");
        TinyHfLlava.Write(model, 5);
        // The checkpoint's MLP is 96 wide; the config now says 80.
        var config = TinyHfLlava.Config with { Text = TinyHfLlava.Config.Text with { IntermediateSize = 80 } };
        File.WriteAllText(Path.Combine(model, "config.json"), config.ToJson());
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        var run = CliRun.Of("capture", "--model", model, "--data", data, "--images", images, "--out", temp.File("states"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("language_model.model.layers.0.mlp.gate_proj.weight: shape [96, 48] does not match the configuration's [80, 48]", run.Stderr);
        Assert.False(Directory.Exists(temp.File("states")));
    }

    [Fact]
    public void GqaFileWithNoneOfTheRequestedTasks_ExitsTwo_NamingTheTasksThere()
    {
        string model = temp.File("model");
        TinyHfLlava.Write(model, 5);
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        foreach (string command in new[] { "inspect", "capture", "analyze", "knockout" })
        {
            var run = CliRun.Of(command, "--model", model, "--data", data, "--images", images, "--tasks", "ChooseRel,LogicalObj", "--out", temp.File(command));
            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains("none of the requested tasks (ChooseRel, LogicalObj)", run.Stderr);
            Assert.Contains("ChooseAttr", run.Stderr);
            Assert.False(Directory.Exists(temp.File(command)) || File.Exists(temp.File(command)));
        }
    }
}
