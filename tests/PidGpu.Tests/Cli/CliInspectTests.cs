using System.Text.Json;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu inspect</c> on a tiny LLaVA-1.5 directory with the real llava-hf tokenizer and a GQA-format file: the ids are the
/// ones Hugging Face's tokenizers.js gives for the vicuna_v1 prompt (Reference/llava-tokenizer-ids.json), the image takes
/// (16 / 4)² = 16 positions, the regions sit where the ids put them; a bad model directory exits 2 naming the problem.
/// </summary>
public sealed class CliInspectTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly Dictionary<string, TokenizerCase> reference = TokenizerReference.Cases.ToDictionary(c => c.Text);

    public void Dispose() => temp.Dispose();

    internal static readonly TinyHfLlava.Question[] Questions =
    [
        new("201", "img1", "Is the jar full or empty?", "full", "chooseAttr"),
        new("202", "img2", "Is there any grass or mud that is not brown?", "yes", "chooseAttr"),
        new("203", "img1", "What color is the sky?", "blue", "verifyAttr"), // no paper task: left out
        new("204", "img3", "  How many  dogs?  ", "2", "queryAttr"),
    ];

    internal static readonly Dictionary<string, (int, int)> Images = new() { ["img1"] = (40, 30), ["img2"] = (20, 52), ["img3"] = (16, 16) };

    string Model()
    {
        string dir = temp.File("model");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), TinyHfLlava.Config.ToJson());
        foreach (var file in Directory.GetFiles(RepoReference.LlavaTokenizer, "*.json"))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
        return dir;
    }

    [Fact]
    public void GqaFile_GivesTokenizersJsIds_ImagePositionsFromTheVisionConfig_AndRegions()
    {
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path, Questions, Images);
        string output = temp.File("tokens.json");
        var run = CliRun.Of("inspect", "--model", Model(), "--data", questions, "--images", images, "--out", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());

        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(TinyHfLlava.ImagePositions, doc.RootElement.GetProperty("image_positions").GetInt32());
        var samples = doc.RootElement.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(["201", "202", "204"], samples.Select(s => s.GetProperty("id").GetString()));
        foreach (var s in samples)
        {
            var q = Questions.Single(x => x.Qid == s.GetProperty("id").GetString());
            Assert.Equal(q.Detailed == "queryAttr" ? "QueryAttr" : "ChooseAttr", s.GetProperty("task").GetString());
            string prompt = s.GetProperty("prompt").GetString()!;
            Assert.Contains($"USER: <image>\n{q.Text}\nAnswer the question", prompt);
            int[] ids = [.. s.GetProperty("text_ids").EnumerateArray().Select(v => v.GetInt32())];
            Assert.Equal(reference[prompt].Ids, ids);
            Assert.Equal(reference[q.Answer].PlainIds[0], s.GetProperty("answer_id").GetInt32());
            Assert.Equal(TinyHfLlava.ImagePositions, s.GetProperty("image_positions").GetInt32());
            int image = Array.IndexOf(ids, TinyHfLlava.ImageToken);
            Assert.Equal([image, image + TinyHfLlava.ImagePositions], s.GetProperty("x_v").EnumerateArray().Select(v => v.GetInt32()));
            // X_L in text-id coordinates lies between the template's two newline tokens (id 13) around the question.
            var xl = s.GetProperty("x_l").EnumerateArray().Select(v => v.GetInt32() - (TinyHfLlava.ImagePositions - 1)).ToArray();
            Assert.Equal(13, ids[xl[0] - 1]);
            Assert.Equal(13, ids[xl[1]]);
            Assert.True(xl[0] > image + 1 && xl[1] < ids.Length, string.Join(",", xl));
        }
    }

    [Fact]
    public void UnknownAnswerToken_IsSkippedAndNamed_OrExitsTwoWithStrict()
    {
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path,
            [.. Questions, new("205", "img2", "Is the cup red or blue?", "<unk>", "chooseAttr")], Images);
        string output = temp.File("tokens.json");
        var run = CliRun.Of("inspect", "--model", Model(), "--data", questions, "--images", images, "--out", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("1 sample skipped: '205'", run.Stderr);
        using (var doc = JsonDocument.Parse(File.ReadAllText(output)))
        {
            Assert.Equal(3, doc.RootElement.GetProperty("samples").GetArrayLength());
            Assert.Equal("205", doc.RootElement.GetProperty("skipped")[0].GetProperty("id").GetString());
        }

        File.Delete(output);
        var strict = CliRun.Of("inspect", "--model", Model(), "--data", questions, "--images", images, "--strict", "--out", output);
        Assert.Equal(ExitCodes.BadInput, strict.ExitCode);
        Assert.Contains("sample '205'", strict.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void ModelWithoutTokenizer_OrOfAnotherArchitecture_ExitsTwo()
    {
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path, Questions, Images);
        string model = Model();
        File.Delete(Path.Combine(model, "tokenizer.json"));
        var run = CliRun.Of("inspect", "--model", model, "--data", questions, "--images", images, "--out", temp.File("t.json"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("neither tokenizer.json", run.Stderr);
        // With tokenizer.json gone the SentencePiece tokenizer.model is read, and a corrupt one is named.
        File.WriteAllText(Path.Combine(model, "tokenizer.model"), "sentencepiece");
        run = CliRun.Of("inspect", "--model", model, "--data", questions, "--images", images, "--out", temp.File("t.json"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("tokenizer.model' is not a SentencePiece BPE model", run.Stderr);

        string other = temp.File("other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "config.json"),
            TinyHfLlava.Config.ToJson().Replace("LlavaForConditionalGeneration", "MllamaForConditionalGeneration"));
        run = CliRun.Of("inspect", "--model", other, "--data", questions, "--images", images, "--out", temp.File("t.json"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("unsupported architecture \"MllamaForConditionalGeneration\"", run.Stderr);
        Assert.False(File.Exists(temp.File("t.json")));
    }
}
