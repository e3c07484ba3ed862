using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PidGpu.Models;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Bench;

/// <summary>
/// Forward throughput of the tiny scene VLM (default <see cref="TinyVlmShape"/>, random weights: speed does not depend on
/// them) on the CPU with LibTorch, batch of 64 mixed-task prompts: the bare forward pass (answers only). Mean is per sample (OperationsPerInvoke = 64): samples/s = 1 / mean.
/// Runs in process: BenchmarkDotNet's generated out-of-process project copies libLibTorchSharp.so without the build's
/// GLIBCXX patch (build/PatchLibTorchSharp.targets), so LibTorch would not load there on Debian 12.
/// </summary>
[Config(typeof(InProcessConfig))]
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
        // Exactly Batch prompts (OperationsPerInvoke), drawn from every task in a seeded mixed order.
        samples = SceneTaskSuite.GenerateMixed(Batch / SceneTaskSuite.All.Count + 1, 7).Take(Batch).ToArray();
        batch = SceneBatch.Create(samples, tokenizer, model.Config.ImageTokensPerImage);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float Forward()
    {
        using var _ = torch.no_grad();
        using var output = model.Forward(batch.InputIds, batch.PixelValues, new LlavaForwardOptions { AllPositions = true });
        return output.Logits[0, 0, 0].item<float>();
    }

    public sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        batch.Dispose();
        model.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
