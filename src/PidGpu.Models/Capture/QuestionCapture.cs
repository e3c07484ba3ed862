using System.Diagnostics;
using PidGpu.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;
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
        string folder = options.Folder ?? throw new ArgumentException("QuestionCaptureOptions.Folder is required: the states are written there");
        var checkpoint = options.Checkpoint;
        // Checkpoints serve capture, which has the intact condition only.
        if (checkpoint is not null && options.Knockouts.Count != 0)
            throw new InvalidOperationException("a capture checkpoint cannot carry knockout conditions");
        string spillRoot = Path.Combine(folder, SpillFolder);
        var conditions = new List<ConditionStates>();
        try
        {
            for (int c = 0; c <= options.Knockouts.Count; c++)
                conditions.Add(checkpoint is null
                    ? new ConditionStates(Path.Combine(spillRoot, c.ToString(System.Globalization.CultureInfo.InvariantCulture)), blocks + 1, d, SpillMark.Empty, new Dictionary<string, TaskAccuracy>())
                    : new ConditionStates(checkpoint.Spill, blocks + 1, d, checkpoint.Mark, checkpoint.Accuracy));
            Forward(model, directory, questions, options, faults, conditions);
            if (conditions[0].Kept == 0) throw NoneCorrect(conditions[0].Accuracy.Values.Sum(a => a.Samples));
            var states = new List<CapturedStates>();
            try
            {
                for (int c = 0; c < conditions.Count; c++)
                    states.Add(conditions[c].ToStates(c == 0 ? folder : Path.Combine(folder, $"condition-{c}"), Info(directory, options, conditions[c].Accuracy)));
            }
            catch
            {
                foreach (var s in states) s.Dispose();
                throw;
            }
            return states;
        }
        finally
        {
            foreach (var c in conditions) c.Dispose();
            // A checkpointed capture's spill is its checkpoint: the caller removes it once the states are safe.
            if (checkpoint is null) StatesSpill.Delete(spillRoot);
        }
    }

    /// <summary>Nothing kept: keeping every answer (<see cref="ForwardSettings.AllAnswers"/>) would keep them.</summary>
    static PidInputException NoneCorrect(int samples)
    {
        string problem = $"the model answered none of the {samples} samples correctly; nothing to keep";
        return new PidInputException($"{problem} (keep all answers to capture them anyway).")
        {
            Setting = nameof(ForwardSettings.AllAnswers), SuggestedValue = "true", Problem = problem,
        };
    }

    /// <summary>Where the conditions' spills go under <see cref="QuestionCaptureOptions.Folder"/> (without a checkpoint).</summary>
    public const string SpillFolder = ".spill";

    static CaptureInfo Info(LlavaModelDirectory directory, QuestionCaptureOptions options, IReadOnlyDictionary<string, TaskAccuracy> accuracy) =>
        new(directory.Name, options.Pooling, options.AllAnswers, options.DType, options.Template, new Dictionary<string, TaskAccuracy>(accuracy, StringComparer.Ordinal));

    /// <summary>The forward passes: every question once per condition, kept rows appended to the conditions' spills.</summary>
    static void Forward(LlavaModel model, LlavaModelDirectory directory, IReadOnlyList<QuestionSample> questions, QuestionCaptureOptions options,
        SampleFaults faults, List<ConditionStates> conditions)
    {
        var config = model.Config;
        var checkpoint = options.Checkpoint;
        void Finished(int done)
        {
            // The last question needs none: the complete states are written next.
            if (checkpoint is null || done % checkpoint.Every != 0 || done == questions.Count) return;
            checkpoint.Save(done, conditions[0].Mark(), Info(directory, options, conditions[0].Accuracy).Accuracy);
        }
        using var _ = torch.no_grad();
        int index = 0;
        foreach (var q in questions)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            index++;
            // The image first: LLaVA-1.6's position count depends on its size.
            var pixels = faults.Try(q, () => directory.PrepareImage(q.ImagePath), index - 1);
            var tokens = pixels is null ? null
                : faults.Try(q, () => LlavaTokenRegions.Inspect(directory.Tokenizer, q, pixels.Positions, options.Template, config.ImageTokenIndex), index - 1);
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
            for (int c = 0; c < conditions.Count; c++)
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
