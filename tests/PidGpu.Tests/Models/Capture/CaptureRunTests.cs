using PidGpu.Formats.Arrays;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="CaptureRun.Execute"/>, the library's capture route, on a tiny random LLaVA-1.5 checkpoint that answers none of its GQA
/// questions correctly and misses one question's image: keeping the correct answers only keeps nothing, an error whose
/// <see cref="PidInputException.Setting"/> is <see cref="ForwardSettings.AllAnswers"/> (true suggested); a strict capture stops at the
/// faulty sample, naming <see cref="ForwardSettings.Strict"/> and the sample's row among the questions read. Neither leaves a file.
/// </summary>
public sealed class CaptureRunTests : IDisposable
{
    readonly TempFolder temp = new();
    public CaptureRunTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void NothingKept_AndStrictOnAMissingImage_CarryTheirSettings_AndLeaveNothing()
    {
        string model = temp.File("model");
        TinyHfLlava.Write(model, 5, ArrayDType.Float32);
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path, [.. CliInspectTests.Questions,
            new TinyHfLlava.Question("206", "img9", "Is the jar full or empty?", "empty", "chooseAttr")], CliInspectTests.Images);
        var source = new QuestionFileSource(questions, images);
        string output = temp.File("states");
        var request = new CaptureRequest { Model = model, Questions = source, Folder = output, CheckpointSettings = new Dictionary<string, string>() };

        var none = Assert.Throws<PidInputException>(() => CaptureRun.Execute(request));
        Assert.Equal(nameof(ForwardSettings.AllAnswers), none.Setting);
        Assert.Equal("true", none.SuggestedValue);
        Assert.DoesNotMatch("--[A-Za-z]", none.Message);
        Assert.False(Directory.Exists(output), "the capture made the folder and leaves nothing in it");

        var strict = Assert.Throws<PidInputException>(() => CaptureRun.Execute(request with { Forward = new() { AllAnswers = true, Strict = true } }));
        Assert.Equal(nameof(ForwardSettings.Strict), strict.Setting);
        Assert.Equal(QuestionRun.Read(source).FindIndex(q => q.Id == "206"), strict.Row);
        Assert.DoesNotMatch("--[A-Za-z]", strict.Message);
        Assert.False(Directory.Exists(output));
    }
}
