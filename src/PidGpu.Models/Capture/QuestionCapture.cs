using System.Diagnostics;
using PidGpu.Data;
using PidGpu.Models.Llava;
using PidGpu.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Capture;

/// <summary>
/// Runs a Hugging Face LLaVA-1.5 or 1.6 checkpoint over questions, one sample per forward pass (prompts differ in length, so no
/// padding enters any state): the prompt from the template and the directory's tokenizer, <c>&lt;image&gt;</c> expanded to
/// the image positions, the image through the directory's preprocessing; per hidden state (embeddings, block outputs, the
/// last after the final norm) the pooled X_V and X_L regions, and Y = the gold answer's first-token logit at the last position.
/// A sample counts as correct when the argmax token there is that first token. Faulty samples are skipped through
/// <see cref="SampleFaults"/>.
/// <para>
/// With <see cref="QuestionCaptureOptions.Knockouts"/>, each sample then runs once more per knockout (the paper's
/// Image→Question knockout: question-token queries may not attend to image-token keys in those decoder blocks). The samples
/// kept are those the intact pass keeps (its correct answers, or all), under every condition, whatever the knocked-out model
/// answers; each condition's accuracy counts every sample that went through the model.
/// </para>
/// </summary>
public static class QuestionCapture
{
    /// <summary>The intact capture.</summary>
    public static CapturedStates Run(LlavaModel model, LlavaModelDirectory directory, IReadOnlyList<QuestionSample> questions,
        QuestionCaptureOptions options, SampleFaults faults) => RunConditions(model, directory, questions, options, faults)[0];

    /// <summary>The intact capture, then one per knockout in <see cref="QuestionCaptureOptions.Knockouts"/>, on the same rows.</summary>
    /// <exception cref="PidInputException">A knockout layer outside the decoder, every sample faulty, or none kept.</exception>
    public static IReadOnlyList<CapturedStates> RunConditions(LlavaModel model, LlavaModelDirectory directory,
        IReadOnlyList<QuestionSample> questions, QuestionCaptureOptions options, SampleFaults faults)
    {
        var config = model.Config;
        int d = config.Text.HiddenSize, blocks = config.Text.NumHiddenLayers;
        foreach (int l in options.Knockouts.SelectMany(k => k))
            if (l < 0 || l >= blocks) throw new PidInputException($"knockout layer {l} is outside the decoder's blocks 0..{blocks - 1}.");
        var conditions = Enumerable.Range(0, 1 + options.Knockouts.Count).Select(_ => new ConditionStates(blocks + 1)).ToArray();
        var checkpoint = options.Checkpoint;
        if (checkpoint is not null)
        {
            // Checkpoints serve capture, which has the intact condition only.
            if (conditions.Length != 1) throw new InvalidOperationException("a capture checkpoint cannot carry knockout conditions");
            conditions[0].Restore(checkpoint.Kept, checkpoint.Accuracy);
        }
        CaptureInfo Info(ConditionStates c) => new(directory.Name, options.Pooling, options.AllAnswers, options.DType, options.Template,
            new Dictionary<string, TaskAccuracy>(c.Accuracy, StringComparer.Ordinal));
        void Finished(int done)
        {
            // The last question needs none: the complete states are written next.
            if (checkpoint is null || done % checkpoint.Every != 0 || done == questions.Count) return;
            var info = Info(conditions[0]);
            checkpoint.Save(done, conditions[0].Kept == 0 ? null : conditions[0].ToStates(d, info), info.Accuracy);
        }
        using var _ = torch.no_grad();
        int index = 0;
        foreach (var q in questions)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            index++;
            // The image first: LLaVA-1.6's position count depends on its size.
            var pixels = faults.Try(q, () => directory.PrepareImage(q.ImagePath));
            var tokens = pixels is null ? null
                : faults.Try(q, () => LlavaTokenRegions.Inspect(directory.Tokenizer, q, pixels.Positions, options.Template, config.ImageTokenIndex));
            // A question finished before a resume: only its cheap checks run again, so that a skipped sample is reported again.
            if (tokens is null || pixels is null || index <= (checkpoint?.Done ?? 0))
            {
                options.OnSample?.Invoke(clock.Elapsed.TotalSeconds);
                if (index > (checkpoint?.Done ?? 0)) Finished(index);
                continue;
            }

            using var scope = NewDisposeScope();
            using var ids = torch.tensor(Expand(tokens.TextIds, config.ImageTokenIndex, tokens.ImagePositions)).view(1, -1);
            bool keep = false;
            for (int c = 0; c < conditions.Length; c++)
            {
                using var knockout = c == 0 ? null
                    : AttentionKnockout.ImageToRange(ids, config.ImageTokenIndex, tokens.XL[0], tokens.XL[1], options.Knockouts[c - 1]);
                // Hidden states only where they are kept: the knockout passes of a dropped sample count for accuracy only.
                using var output = pixels.Forward(model, ids, new LlavaForwardOptions { HiddenStates = c == 0 || keep, Knockout = knockout });
                int predicted = (int)output.Logits[0].argmax().item<long>();
                bool correct = predicted == tokens.AnswerId;
                conditions[c].Count(q.Task, correct);
                if (c == 0) keep = correct || options.AllAnswers;
                if (keep)
                    conditions[c].Add(output, tokens, new CapturedSample(q.Id, q.Task, q.Answer, directory.Tokenizer.Decode([predicted]).Trim(), correct),
                        options.Pooling);
            }
            options.OnSample?.Invoke(clock.Elapsed.TotalSeconds);
            Finished(index);
        }
        faults.CheckSomeLeft(questions.Count);
        if (conditions[0].Kept == 0)
            throw new PidInputException($"the model answered none of the {conditions[0].Accuracy.Values.Sum(a => a.Samples)} samples correctly; nothing to keep (use --answers all).");
        return conditions.Select(c => c.ToStates(d,
            new CaptureInfo(directory.Name, options.Pooling, options.AllAnswers, options.DType, options.Template, c.Accuracy))).ToList();
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
}
