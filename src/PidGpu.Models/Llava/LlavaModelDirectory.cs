using System.Text.Json;
using PidGpu.Inputs.Text;
using PidGpu.Inputs.Vision;
using PidGpu.Models.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

/// <summary>
/// A Hugging Face LLaVA model directory as the question commands use it: <c>config.json</c> of a supported architecture, the
/// directory's own tokenizer (<c>tokenizer.json</c>, else a SentencePiece <c>tokenizer.model</c>, with its added tokens; see
/// <see cref="HfTokenizer"/>) and its image
/// preprocessing (<see cref="ImagePreprocessing"/>; LLaVA-1.6 tiles it with <see cref="AnyresImageProcessor"/>). Opening reads no
/// weights; <see cref="LoadModel"/> does.
/// </summary>
public sealed class LlavaModelDirectory : IDisposable
{
    /// <summary>The <c>architectures</c> entry of LLaVA-1.5.</summary>
    public const string SupportedArchitecture = "LlavaForConditionalGeneration";

    /// <summary>The <c>architectures</c> entry of LLaVA-1.6 (anyres).</summary>
    public const string NextArchitecture = "LlavaNextForConditionalGeneration";

    /// <summary>The <see cref="PidInputException.Setting"/> of a missing model directory: the requests' <c>Model</c>.</summary>
    public const string ModelSetting = nameof(Analysis.QuestionRunRequest.Model);

    LlavaModelDirectory(string path, LlavaConfig config, HfTokenizer tokenizer, LlavaImageProcessor images)
    {
        Path = path;
        Config = config;
        Tokenizer = tokenizer;
        ImageProcessor = images;
        if (config.ImageGridPinpoints is { } pinpoints)
            Anyres = new AnyresImageProcessor(images, pinpoints, config.Vision.PatchSize);
    }

    public string Path { get; }

    public LlavaConfig Config { get; }

    public HfTokenizer Tokenizer { get; }

    public LlavaImageProcessor ImageProcessor { get; }

    /// <summary>LLaVA-1.6's tiling of <see cref="ImageProcessor"/>'s crops; null for LLaVA-1.5.</summary>
    public AnyresImageProcessor? Anyres { get; }

    /// <summary>LLaVA-1.5: sequence positions every image takes, (image_size / patch_size)² (576 for 336 / 14), +1 with the "full"
    /// strategy. LLaVA-1.6 has no fixed count: use <see cref="ImagePositionsOf"/>.</summary>
    public int ImagePositions => Anyres is null ? Config.ImageTokensPerImage
        : throw new InvalidOperationException("LLaVA-1.6's image positions depend on the image size; use ImagePositionsOf.");

    /// <summary>The fixed image position count, or null where it depends on the image (LLaVA-1.6).</summary>
    public int? FixedImagePositions => Anyres is null ? Config.ImageTokensPerImage : null;

    /// <summary>Sequence positions the image at <paramref name="imagePath"/> takes (LLaVA-1.6 reads its size from the file header).</summary>
    public int ImagePositionsOf(string imagePath)
    {
        if (Anyres is null) return Config.ImageTokensPerImage;
        var (width, height) = ImageDimensions.Read(imagePath);
        return Anyres.Layout(height, width).Positions;
    }

    /// <summary>The image at <paramref name="imagePath"/> preprocessed for this model.</summary>
    public LlavaImageInput PrepareImage(string imagePath) => Anyres is null
        ? LlavaImageInput.Single(ImageProcessor.Preprocess(imagePath), ImageProcessor.CropSize, Config.ImageTokensPerImage)
        : LlavaImageInput.Tiled(Anyres.Preprocess(imagePath));

    /// <summary>The directory's name, used as the model name in results.</summary>
    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Path)));

    /// <exception cref="PidInputException">No such directory, no config.json, an unsupported architecture, no tokenizer, or a
    /// tokenizer whose <c>&lt;image&gt;</c> id or size disagrees with the config.</exception>
    public static LlavaModelDirectory Open(string directory)
    {
        if (!Directory.Exists(directory))
            throw new PidInputException($"model {directory}: no such directory.") { Setting = ModelSetting, Problem = $"{directory}: no such directory." };
        string? architecture = CheckArchitecture(directory);
        var config = LlavaConfig.Load(directory);
        if (architecture is not null && architecture != config.Architecture)
            throw new PidInputException($"{directory}: config.json names {architecture} but its model_type is '{(config.IsAnyres ? "llava_next" : "llava")}'.");
        var images = ImagePreprocessing.Read(directory, config.Vision);
        if (config.ImageGridPinpoints is { } pinpoints) AnyresPreprocessing.CheckPinpoints(directory, pinpoints);
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

    /// <summary>The weights in a model of <paramref name="dtype"/> (see <see cref="LlavaCheckpoint.Load"/>), on <paramref name="device"/>
    /// (default the CPU).</summary>
    public LlavaModel LoadModel(ScalarType dtype = ScalarType.Float32, torch.Device? device = null)
    {
        var model = LlavaCheckpoint.Load(Path, dtype);
        if (device is null) return model;
        try { return model.MoveTo(device); }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose() => Tokenizer.Dispose();

    // config.json's "architectures" names the transformers class: one of the two (the last listed is returned), anything else refused.
    static string? CheckArchitecture(string directory)
    {
        string path = System.IO.Path.Combine(directory, "config.json");
        if (!File.Exists(path)) throw new PidInputException($"{path}: no config.json in the model directory.");
        string? found = null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("architectures", out var list)
                && list.ValueKind == JsonValueKind.Array)
                foreach (var a in list.EnumerateArray())
                {
                    if (a.ValueKind != JsonValueKind.String || a.GetString() is not (SupportedArchitecture or NextArchitecture))
                        throw new PidInputException($"{path}: unsupported architecture {a.GetRawText()}; supported: {SupportedArchitecture} (LLaVA-1.5), {NextArchitecture} (LLaVA-1.6).");
                    found = a.GetString();
                }
        }
        catch (JsonException e)
        {
            throw new PidInputException($"{path}: malformed JSON: {e.Message}", e);
        }
        return found;
    }
}
