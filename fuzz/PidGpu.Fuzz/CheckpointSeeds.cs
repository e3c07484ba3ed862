using PidGpu.Models;
using PidGpu.Models.Llava;
using TorchSharp;

namespace PidGpu.Fuzz;

/// <summary>
/// A micro LLaVA checkpoint (4-wide vision tower and decoder, one layer each, 8 tokens; a few KB), saved whole
/// (<c>model.safetensors</c>) and in shards (<c>model.safetensors.index.json</c>), and its <c>config.json</c>, plus the
/// tiny VLM's config as a second config seed.
/// </summary>
static class CheckpointSeeds
{
    public static void Write(string root)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(1);
        var config = new LlavaConfig(new ClipVisionConfig(4, 8, 1, 1, 4, 2, 1e-5),
            new LlamaTextConfig(4, 8, 1, 1, 1, 1e-6, 10000, 8, 16), ImageTokenIndex: 7, VisionFeatureLayer: -1);
        using var model = new LlavaModel(config);
        var temp = Directory.CreateTempSubdirectory("pidgpu-fuzz-seed-");
        try
        {
            LlavaCheckpoint.Save(model, Path.Combine(temp.FullName, "single"));
            LlavaCheckpoint.Save(model, Path.Combine(temp.FullName, "sharded"), maxShardBytes: 1024);
            Copy(Path.Combine(temp.FullName, "single"), root, "checkpoint-safetensors", LlavaCheckpoint.SingleFile);
            Copy(Path.Combine(temp.FullName, "sharded"), root, "checkpoint-index", LlavaCheckpoint.IndexFile);
            CorpusWriter.Text(root, "llava-config", "micro.json", config.ToJson());
            string tinyVlm = Path.Combine(root, "..", "..", "models", "tiny-vlm", "config.json");
            CorpusWriter.Bytes(root, "llava-config", "tiny-vlm.json", File.ReadAllBytes(tinyVlm));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>The fuzzed file as the seed, every other file of the checkpoint beside it.</summary>
    static void Copy(string from, string root, string target, string fuzzed)
    {
        foreach (var file in Directory.GetFiles(from))
        {
            string name = Path.GetFileName(file);
            CorpusWriter.Bytes(root, target, name == fuzzed ? name : Path.Combine("beside", name), File.ReadAllBytes(file));
        }
    }
}
