using System.Text.Json;
using PidGpu.Models.Text;
using PidGpu.Models.Vision;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

/// <summary>
/// A Hugging Face LLaVA model directory as the question commands use it: <c>config.json</c> of a supported architecture, the
/// directory's own tokenizer (<c>tokenizer.json</c> with its added tokens, see <see cref="HfTokenizer"/>) and its image
/// preprocessing (<see cref="ImagePreprocessing"/>). Opening reads no weights; <see cref="LoadModel"/> does.
/// </summary>
public sealed class LlavaModelDirectory : IDisposable
{
    /// <summary>The <c>architectures</c> entry this code runs (LLaVA-1.5).</summary>
    public const string SupportedArchitecture = "LlavaForConditionalGeneration";

    LlavaModelDirectory(string path, LlavaConfig config, HfTokenizer tokenizer, LlavaImageProcessor images)
    {
        Path = path;
        Config = config;
        Tokenizer = tokenizer;
        ImageProcessor = images;
    }

    public string Path { get; }

    public LlavaConfig Config { get; }

    public HfTokenizer Tokenizer { get; }

    public LlavaImageProcessor ImageProcessor { get; }

    /// <summary>Sequence positions one image takes: (image_size / patch_size)² (576 for 336 / 14), +1 with the "full" strategy.</summary>
    public int ImagePositions => Config.ImageTokensPerImage;

    /// <summary>The directory's name, used as the model name in results.</summary>
    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Path)));

    /// <exception cref="PidInputException">No such directory, no config.json, an unsupported architecture, no tokenizer, or a
    /// tokenizer whose <c>&lt;image&gt;</c> id or size disagrees with the config.</exception>
    public static LlavaModelDirectory Open(string directory)
    {
        if (!Directory.Exists(directory)) throw new PidInputException($"--model {directory}: no such directory.");
        CheckArchitecture(directory);
        var config = LlavaConfig.Load(directory);
        var images = ImagePreprocessing.Read(directory, config.Vision);
        var tokenizer = HfTokenizer.Load(directory);
        try
        {
            int? image = tokenizer.TokenId(LlavaPromptTemplate.ImagePlaceholder);
            if (image != config.ImageTokenIndex)
                throw new PidInputException($"{directory}: the tokenizer's '{LlavaPromptTemplate.ImagePlaceholder}' id is {image?.ToString() ?? "missing"}, " +
                    $"config.json's image_token_index is {config.ImageTokenIndex}.");
            if (tokenizer.VocabularySize > config.Text.VocabSize)
                throw new PidInputException($"{directory}: the tokenizer has {tokenizer.VocabularySize} ids, more than config.json's vocab_size {config.Text.VocabSize}.");
            return new LlavaModelDirectory(directory, config, tokenizer, images);
        }
        catch
        {
            tokenizer.Dispose();
            throw;
        }
    }

    /// <summary>The weights, memory-mapped and copied into a model of <paramref name="dtype"/>.</summary>
    public LlavaModel LoadModel(ScalarType dtype = ScalarType.Float32) => LlavaCheckpoint.Load(Path, dtype);

    public void Dispose() => Tokenizer.Dispose();

    // config.json's "architectures" names the transformers class; LLaVA-1.6 (anyres) and anything else are refused by name.
    static void CheckArchitecture(string directory)
    {
        string path = System.IO.Path.Combine(directory, "config.json");
        if (!File.Exists(path)) throw new PidInputException($"{path}: no config.json in the model directory.");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("architectures", out var list)
                && list.ValueKind == JsonValueKind.Array)
                foreach (var a in list.EnumerateArray())
                    if (a.ValueKind != JsonValueKind.String || a.GetString() != SupportedArchitecture)
                        throw new PidInputException($"{path}: unsupported architecture {a.GetRawText()}; supported: {SupportedArchitecture} (LLaVA-1.5).");
        }
        catch (JsonException e)
        {
            throw new PidInputException($"{path}: malformed JSON: {e.Message}", e);
        }
    }
}
