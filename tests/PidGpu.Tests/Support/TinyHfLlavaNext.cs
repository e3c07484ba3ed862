using PidGpu.Formats.Arrays;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Vision;
using TorchSharp;

namespace PidGpu.Tests.Support;

/// <summary>
/// A tiny LLaVA-1.6 (LlavaNextForConditionalGeneration) directory: <see cref="TinyHfLlava"/>'s towers and real llava-hf tokenizer
/// (32,064-row vocabulary) with 16-pixel tiles of 4 × 4 patches (4 × 4 features per tile) and transformers' default pinpoints
/// scaled from 336 to 16: [16, 32], [32, 16], [32, 32], [48, 16], [16, 48] ([height, width]). Written by LlavaCheckpoint.Save.
/// </summary>
internal static class TinyHfLlavaNext
{
    public static IReadOnlyList<GridPinpoint> Pinpoints { get; } = [new(16, 32), new(32, 16), new(32, 32), new(48, 16), new(16, 48)];

    public static LlavaConfig Config { get; } = TinyHfLlava.Config with { ImageGridPinpoints = Pinpoints };

    public static void Write(string dir, int seed, ArrayDType dtype = ArrayDType.Float32, LlavaNaming naming = LlavaNaming.Older)
    {
        torch.manual_seed(seed);
        using (var model = new LlavaModel(Config))
            LlavaCheckpoint.Save(model, dir, naming, dtype);
        foreach (var file in Directory.GetFiles(RepoReference.LlavaTokenizer, "*.json"))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
    }
}
