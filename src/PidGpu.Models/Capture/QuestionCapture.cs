using System.Diagnostics;
using PidGpu.Data;
using PidGpu.Models.Llava;
using PidGpu.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Capture;

/// <summary>
/// Runs a Hugging Face LLaVA-1.5 checkpoint over questions, one sample per forward pass (prompts differ in length, so no
/// padding enters any state): the prompt from the template and the directory's tokenizer, <c>&lt;image&gt;</c> expanded to
/// the image positions, the image through the directory's preprocessing; per hidden state (embeddings, block outputs, the
/// last after the final norm) the pooled X_V and X_L regions, and Y = the gold answer's first-token logit at the last position.
/// A sample counts as correct when the argmax token there is that first token. Faulty samples are skipped through
/// <see cref="SampleFaults"/>.
/// </summary>
public static class QuestionCapture
{
    public static CapturedStates Run(LlavaModel model, LlavaModelDirectory directory, IReadOnlyList<QuestionSample> questions,
        QuestionCaptureOptions options, SampleFaults faults)
    {
        var config = model.Config;
        int d = config.Text.HiddenSize, layers = config.Text.NumHiddenLayers + 1, side = config.Vision.ImageSize;
        var vision = Enumerable.Range(0, layers).Select(_ => new List<float>()).ToArray();
        var language = Enumerable.Range(0, layers).Select(_ => new List<float>()).ToArray();
        var target = new List<float>();
        var kept = new List<CapturedSample>();
        var accuracy = new Dictionary<string, TaskAccuracy>(StringComparer.Ordinal);
        var checkpoint = options.Checkpoint;
        if (checkpoint is not null)
        {
            foreach (var (task, a) in checkpoint.Accuracy) accuracy[task] = a;
            if (checkpoint.Kept is { } earlier)
            {
                for (int l = 0; l < layers; l++) (vision[l], language[l]) = ([.. earlier.Vision[l]], [.. earlier.Language[l]]);
                target.AddRange(earlier.Target);
                kept.AddRange(earlier.Samples);
            }
        }
        CaptureInfo Info() => new(directory.Name, options.Pooling, options.AllAnswers, options.DType, options.Template,
            new Dictionary<string, TaskAccuracy>(accuracy, StringComparer.Ordinal));
        void Finished(int done)
        {
            // The last question needs none: the complete states are written next.
            if (checkpoint is null || done % checkpoint.Every != 0 || done == questions.Count) return;
            var soFar = kept.Count == 0 ? null
                : new CapturedStates(d, vision.Select(v => v.ToArray()).ToArray(), language.Select(v => v.ToArray()).ToArray(), [.. target], [.. kept], Info());
            checkpoint.Save(done, soFar, Info().Accuracy);
        }
        using var _ = torch.no_grad();
        int index = 0;
        foreach (var q in questions)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            index++;
            var tokens = faults.Try(q, () => LlavaTokenRegions.Inspect(directory.Tokenizer, q, directory.ImagePositions, options.Template, config.ImageTokenIndex));
            var pixels = tokens is null ? null : faults.Try(q, () => directory.ImageProcessor.Preprocess(q.ImagePath));
            // A question finished before a resume: only its cheap checks run again, so that a skipped sample is reported again.
            if (tokens is null || pixels is null || index <= (checkpoint?.Done ?? 0))
            {
                options.OnSample?.Invoke(clock.Elapsed.TotalSeconds);
                if (index > (checkpoint?.Done ?? 0)) Finished(index);
                continue;
            }

            using var scope = NewDisposeScope();
            using var ids = torch.tensor(Expand(tokens.TextIds, config.ImageTokenIndex, tokens.ImagePositions)).view(1, -1);
            using var image = torch.tensor(pixels).view(1, 3, side, side);
            using var output = model.Forward(ids, image, new LlavaForwardOptions { HiddenStates = true });
            var last = output.Logits[0];                                                    // [V], float32
            int predicted = (int)last.argmax().item<long>();
            bool correct = predicted == tokens.AnswerId;
            var count = accuracy.GetValueOrDefault(q.Task, new TaskAccuracy(0, 0));
            accuracy[q.Task] = new TaskAccuracy(count.Samples + 1, count.Correct + (correct ? 1 : 0));
            if (correct || options.AllAnswers)
            {
                target.Add(last[tokens.AnswerId].item<float>());
                for (int l = 0; l < layers; l++)
                {
                    var h = output.HiddenStates![l][0].to(ScalarType.Float32);               // [T, d]
                    vision[l].AddRange(Pool(h, tokens.XV, options.Pooling));
                    language[l].AddRange(Pool(h, tokens.XL, options.Pooling));
                }
                kept.Add(new CapturedSample(q.Id, q.Task, q.Answer, directory.Tokenizer.Decode([predicted]).Trim(), correct));
            }
            options.OnSample?.Invoke(clock.Elapsed.TotalSeconds);
            Finished(index);
        }
        faults.CheckSomeLeft(questions.Count);
        if (kept.Count == 0)
            throw new PidInputException($"the model answered none of the {accuracy.Values.Sum(a => a.Samples)} samples correctly; nothing to keep (use --answers all).");
        var info = new CaptureInfo(directory.Name, options.Pooling, options.AllAnswers, options.DType, options.Template, accuracy);
        return new CapturedStates(d, vision.Select(v => v.ToArray()).ToArray(), language.Select(v => v.ToArray()).ToArray(), [.. target], kept, info);
    }

    /// <summary>The text ids with the one image id repeated <paramref name="positions"/> times, as the model's input.</summary>
    public static long[] Expand(int[] textIds, int imageId, int positions)
    {
        var ids = new List<long>(textIds.Length + positions - 1);
        foreach (int id in textIds)
            if (id == imageId) ids.AddRange(Enumerable.Repeat((long)imageId, positions));
            else ids.Add(id);
        return [.. ids];
    }

    // The region [start, end) of one sample's [T, d] states, pooled to d values.
    static float[] Pool(Tensor h, int[] range, RegionPooling pooling)
    {
        var region = h.narrow(0, range[0], range[1] - range[0]);
        var pooled = pooling == RegionPooling.Max ? region.max(0).values : region.mean([0]);
        return pooled.contiguous().data<float>().ToArray();
    }
}
