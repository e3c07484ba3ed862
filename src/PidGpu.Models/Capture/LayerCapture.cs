using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Capture;

/// <summary>
/// Runs a LLaVA model over scene samples and captures, per layer ℓ = 0..L (Hugging Face <c>hidden_states</c> order), the
/// paper's sources X_V (mean over image tokens) and X_L (mean over the question's own tokens), the last-position state, and
/// the target Y (gold answer logit at the last position), with the model's answer. Optionally with the Image→Question
/// knockout: in the chosen blocks the question positions and the last position may not attend to image keys.
/// <para>
/// Hand-over to the kernels: the result is plain host <c>float[]</c> arrays. TorchSharp (LibTorch, CPU) and ILGPU are two
/// runtimes with their own allocators, so there is no zero-copy path between them: each pooled [B, d] block is copied once
/// from the LibTorch tensor into the managed array, and the ILGPU upload copies it again (on the CPU accelerator that is a
/// host-to-host copy; on CUDA a host-to-device transfer). No file round trip is involved.
/// </para>
/// </summary>
public static class LayerCapture
{
    public static LayerCaptureResult Run(LlavaModel model, PromptTokenizer tokenizer, IReadOnlyList<SceneSample> samples,
        LayerCaptureOptions? options = null)
    {
        options ??= new LayerCaptureOptions();
        if (samples.Count == 0) throw new PidInputException("layer capture: no samples");
        if (options.BatchSize < 1) throw new PidInputException($"layer capture: batch size {options.BatchSize} must be positive");
        var knockout = options.KnockoutLayers ?? [];
        int blocks = model.Config.Text.NumHiddenLayers;
        foreach (int l in knockout)
            if (l < 0 || l >= blocks) throw new PidInputException($"knockout layer {l} is outside the decoder's blocks 0..{blocks - 1}");

        int n = samples.Count, d = model.Config.Text.HiddenSize, states = options.CaptureLayers ? blocks + 1 : 0;
        var answers = SceneTaskSuite.AnswerVocabulary;
        long[] answerIds = answers.Select(a => (long)tokenizer.SingleTokenId(a)).ToArray();
        var vision = Layers(states, n * d);
        var language = Layers(states, n * d);
        var final = Layers(states, n * d);
        var target = new float[n];
        var answerLogits = new float[n * answers.Count];
        var predicted = new string[n];
        var correct = new bool[n];
        var prompts = new Dictionary<string, PromptEncoding>();

        using var _ = torch.no_grad();
        using var answerIndex = torch.tensor(answerIds);
        var clock = new System.Diagnostics.Stopwatch();
        double forwardSeconds = 0, captureSeconds = 0;
        for (int start = 0; start < n; start += options.BatchSize)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            using var gcHold = TorchGc.Hold();
            clock.Restart();
            int b = Math.Min(options.BatchSize, n - start);
            using var scope = NewDisposeScope();
            using var batch = SceneBatch.Create(samples.Skip(start).Take(b).ToArray(), tokenizer, model.Config.ImageTokensPerImage, prompts);
            using var ko = knockout.Count == 0 ? null : ImageToQuestion(batch, model.Config.ImageTokenIndex, knockout);
            using var output = model.Forward(batch.InputIds, batch.PixelValues,
                new LlavaForwardOptions { AllPositions = true, HiddenStates = options.CaptureLayers, Knockout = ko });
            var last = batch.AtLast(output.Logits);                                         // [B, V]
            last.gather(1, batch.AnswerIds.view(b, 1)).squeeze(1).data<float>().CopyTo(target.AsSpan(start));
            var restricted = last.index_select(1, answerIndex);                             // [B, 9]
            restricted.contiguous().data<float>().CopyTo(answerLogits.AsSpan(start * answers.Count));
            var best = restricted.argmax(1).data<long>().ToArray();
            for (int i = 0; i < b; i++)
            {
                predicted[start + i] = answers[(int)best[i]];
                correct[start + i] = predicted[start + i] == samples[start + i].Answer;
            }
            double forward = clock.Elapsed.TotalSeconds;
            forwardSeconds += forward;
            if (!options.CaptureLayers)
            {
                options.OnBatch?.Invoke(b, forward);
                continue;
            }
            clock.Restart();
            var imageWeights = Weights(batch.ImageMask);
            var questionWeights = Weights(batch.QuestionMask);
            for (int l = 0; l < states; l++)
            {
                var h = output.HiddenStates![l].to(ScalarType.Float32);                      // [B, T, d]
                Copy(torch.bmm(imageWeights, h).squeeze(1), vision[l], start * d);
                Copy(torch.bmm(questionWeights, h).squeeze(1), language[l], start * d);
                Copy(batch.AtLast(h), final[l], start * d);
            }
            double capture = clock.Elapsed.TotalSeconds;
            captureSeconds += capture;
            options.OnBatch?.Invoke(b, forward + capture);
        }
        return new LayerCaptureResult(n, d, vision, language, final, target, answerLogits, predicted, correct,
            samples.Select(s => s.Task).ToArray()) { ForwardSeconds = forwardSeconds, CaptureSeconds = captureSeconds };
    }

    /// <summary>The Image→Question knockout for a batch: question positions and each prompt's last position lose image keys.</summary>
    public static AttentionKnockout ImageToQuestion(SceneBatch batch, int imageTokenIndex, IEnumerable<int> layers)
    {
        using var scope = NewDisposeScope();
        var queries = batch.QuestionMask.clone();
        queries.scatter_(1, batch.LastPositions.view(-1, 1), torch.ones(batch.LastPositions.shape[0], 1, ScalarType.Bool));
        return AttentionKnockout.ImageToQueries(batch.InputIds, imageTokenIndex, queries, layers);
    }

    // Mean-pooling weights [B, 1, T]: 1/count on the masked positions.
    static Tensor Weights(Tensor mask)
    {
        var w = mask.to(ScalarType.Float32);
        return (w / w.sum(1, keepdim: true)).unsqueeze(1);
    }

    static void Copy(Tensor rows, float[] into, int offset) => rows.contiguous().data<float>().CopyTo(into.AsSpan(offset));

    static float[][] Layers(int count, int size) => Enumerable.Range(0, count).Select(_ => new float[size]).ToArray();
}
