using BenchmarkDotNet.Attributes;
using PidGpu.Models;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Models.Scenes;
using PidGpu.Models.Text;
using PidGpu.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Bench;

/// <summary>
/// Forward throughput of the tiny scene VLM (default <see cref="TinyVlmShape"/>, random weights: speed does not depend on
/// them) on the CPU with LibTorch, batch of 64 mixed-task prompts: the bare forward pass (answers only), and the full layer
/// capture (hidden states, pooling, copy to host arrays). Samples/s = 64 / mean time.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class TinyVlmForwardBenchmarks
{
    public const int Batch = 64;

    string dir = null!;
    LlavaModel model = null!;
    PromptTokenizer tokenizer = null!;
    IReadOnlyList<SceneSample> samples = null!;
    SceneBatch batch = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(Threads);
        torch.manual_seed(1);
        dir = Path.Combine(Path.GetTempPath(), "pidgpu-bench-tinyvlm-" + Guid.NewGuid().ToString("N"));
        WordVocabulary.Save(dir, SceneTaskSuite.Words);
        tokenizer = PromptTokenizer.LoadWordLevel(dir);
        model = new LlavaModel(new TinyVlmShape().ToConfig(tokenizer.VocabularySize));
        model.eval();
        samples = SceneTaskSuite.GenerateMixed(Batch / 8, 7);
        batch = SceneBatch.Create(samples, tokenizer, model.Config.ImageTokensPerImage);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float Forward()
    {
        using var _ = torch.no_grad();
        using var output = model.Forward(batch.InputIds, batch.PixelValues, new LlavaForwardOptions { AllPositions = true });
        return output.Logits[0, 0, 0].item<float>();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float CaptureAllLayers() => LayerCapture.Run(model, tokenizer, samples).Target[0];

    [GlobalCleanup]
    public void Cleanup()
    {
        batch.Dispose();
        model.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
