using System.Diagnostics;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Inputs.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Training;

/// <summary>
/// Trains a tiny LLaVA-architecture model on the scene task suite with TorchSharp on the CPU. Every step draws a fresh,
/// task-balanced batch (<see cref="SceneTaskSuite.GenerateMixed"/> with a seed made from the run seed and the step, all even),
/// the held-out set uses an odd seed, so the two never share a generator. Loss: cross-entropy over the answer vocabulary of
/// the logits at each prompt's last position. Initialisation is seeded with <c>torch.manual_seed</c>; the data need no torch
/// randomness. With the same options, thread count and machine a run is bit-for-bit repeatable, provided nothing else in the
/// process uses LibTorch meanwhile: its random generator and thread count are process-wide.
/// </summary>
public static class TinyVlmTrainer
{
    /// <summary>Trains, evaluates on held-out samples and saves the model (HF layout), vocab.txt, tokenizer.json, tokenizer_config.json, preprocessor_config.json and training.json to <paramref name="directory"/>.</summary>
    public static TinyVlmTrainingReport Train(TinyVlmOptions options, string directory, Action<string>? log = null)
    {
        Validate(options);
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(options.Threads);
        torch.manual_seed(options.Seed);
        Directory.CreateDirectory(directory);
        WordVocabulary.Save(directory, SceneTaskSuite.Words);
        using var tokenizer = PromptTokenizer.LoadTiny(directory);
        var config = options.Shape.ToConfig(tokenizer.VocabularySize);
        ScenePng.WritePreprocessorConfig(directory, config.Vision.ImageSize);
        using var model = new LlavaModel(config);
        if (options.VisionPositionInit == PositionInit.SinCos)
            SinCosPositions.Apply(model);
        if (options.Device is not null) model.MoveTo(options.Device); // after the CPU initialisation, so the start is the same
        model.train();

        var answerIds = SceneTaskSuite.AnswerVocabulary.Select(a => (long)tokenizer.SingleTokenId(a)).ToArray();
        using var answerIndex = torch.tensor(answerIds);
        var lookup = Enumerable.Repeat(-1L, tokenizer.VocabularySize).ToArray();
        for (int i = 0; i < answerIds.Length; i++) lookup[answerIds[i]] = i;
        using var toAnswerIndex = torch.tensor(lookup);

        var prompts = new Dictionary<string, PromptEncoding>();
        using var optimizer = torch.optim.Adam(model.parameters(), options.LearningRate);
        var heldOut = HeldOut(options.Seed, options.EvalPerTask);
        int perShare = options.BatchSize / options.TotalShares;
        var clock = Stopwatch.StartNew();
        double smoothed = double.NaN;
        for (int step = 0; step < options.Steps; step++)
        {
            using var gcHold = TorchGc.Hold(); // see TorchGc: TorchSharp's implicit Scalars must not meet a collection mid-call
            foreach (var group in optimizer.ParamGroups) group.LearningRate = LearningRate(options, step);
            var samples = SceneTaskSuite.GenerateMixed(k => perShare * options.ShareOf(k), 2 * (options.Seed * 100_000 + step));
            using var scope = NewDisposeScope();
            using var batch = SceneBatch.Create(samples, tokenizer, config.ImageTokensPerImage, prompts);
            optimizer.zero_grad();
            using var output = model.Forward(batch.InputIds, batch.PixelValues, new LlavaForwardOptions { AllPositions = true });
            var logits = batch.AtLast(output.Logits).index_select(1, answerIndex);
            var loss = nn.functional.cross_entropy(logits, toAnswerIndex.index_select(0, batch.AnswerIds));
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            double value = loss.item<float>();
            smoothed = double.IsNaN(smoothed) ? value : 0.98 * smoothed + 0.02 * value;
            if (!double.IsFinite(value))
                throw new InvalidOperationException($"training diverged at step {step}: loss {value}");
            if (log is not null && ((step + 1) % 100 == 0 || step + 1 == options.Steps))
                log($"step {step + 1}/{options.Steps}  loss {smoothed:F4}  lr {LearningRate(options, step):G3}  {clock.Elapsed.TotalSeconds:F0} s");
            if (log is not null && options.EvalEvery > 0 && (step + 1) % options.EvalEvery == 0 && step + 1 < options.Steps)
            {
                model.eval();
                var interim = TinyVlmEvaluator.Accuracies(model, tokenizer, heldOut);
                model.train();
                log($"step {step + 1} held-out accuracy: " + string.Join("  ", interim.Select(a => FormattableString.Invariant($"{a.Task} {a.Accuracy:F3}"))));
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        model.eval();

        var accuracies = TinyVlmEvaluator.Accuracies(model, tokenizer, heldOut);
        LlavaCheckpoint.Save(model, directory);
        var report = new TinyVlmTrainingReport(options.Seed, options.Steps, options.BatchSize, options.LearningRate, options.Threads,
            options.Shape, Math.Round(seconds, 1), smoothed, accuracies,
            SceneTaskSuite.All.ToDictionary(t => t.Kind.ToString(), t => options.ShareOf(t.Kind)), options.VisionPositionInit.ToString());
        report.Save(directory);
        return report;
    }

    /// <summary>The held-out evaluation set of a run seed: <paramref name="perTask"/> balanced samples of every task.</summary>
    public static IReadOnlyList<SceneSample> HeldOut(int seed, int perTask) => SceneTaskSuite.GenerateMixed(perTask, 2 * seed + 1);

    static double LearningRate(TinyVlmOptions o, int step)
    {
        if (step < o.WarmupSteps) return o.LearningRate * (step + 1) / o.WarmupSteps;
        double progress = (step - o.WarmupSteps) / (double)Math.Max(1, o.Steps - o.WarmupSteps);
        return o.LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    static void Validate(TinyVlmOptions o)
    {
        if (o.Steps < 1 || o.Steps >= 100_000) throw new PidInputException($"steps {o.Steps}: must be 1..99999");
        foreach (var (kind, share) in o.TaskShares)
            if (share < 1 || share > 16)
                throw new PidInputException($"task-share {kind}={share}: must be 1..16");
        int shares = o.TotalShares;
        if (o.BatchSize < shares || o.BatchSize % shares != 0)
            throw new PidInputException($"batch size {o.BatchSize}: must be a positive multiple of {shares} (the tasks' total batch shares)");
        if (o.Seed < 0 || o.Seed > 10_000) throw new PidInputException($"seed {o.Seed}: must be 0..10000");
        if (!(o.LearningRate > 0)) throw new PidInputException($"learning rate {o.LearningRate}: must be positive");
        if (o.Threads < 1) throw new PidInputException($"threads {o.Threads}: must be at least 1");
        if (o.EvalEvery < 0) throw new PidInputException($"eval-every {o.EvalEvery}: must be 0 (off) or a positive step count");
        if (o.EvalPerTask < 1) throw new PidInputException($"eval samples per task {o.EvalPerTask}: must be at least 1");
    }
}
