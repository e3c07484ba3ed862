using PidGpu.Inputs.Text;
using PidGpu.Models.Analysis;
using PidGpu.Models.Llava;
using PidGpu.Progress;

namespace PidGpu.Models.Capture;

/// <summary>
/// The route of <c>capture</c>: the model over a question set (<see cref="QuestionCapture"/>), each kept sample's pooled layer states
/// spilled to disk as it comes, checkpointed every <see cref="CaptureRequest.CheckpointEvery"/> questions
/// (<see cref="CaptureCheckpointFile"/>), and the complete states written atomically into the folder for a later
/// <see cref="QuestionRun"/> from <see cref="CapturedStatesSource"/>. A failed or cancelled capture leaves only a checkpoint a resume can
/// use, never half-written states. Progress, skipped samples and each task's accuracy go to the progress sink.
/// </summary>
public static class CaptureRun
{
    /// <summary>The capture; a cancellation returns an outcome without states (and says whether a checkpoint was kept).</summary>
    /// <exception cref="PidInputException">A bad model directory, question set, sample, checkpoint or setting.</exception>
    public static CaptureOutcome Execute(CaptureRequest request, IProgressSink? sink = null, CancellationToken cancel = default)
    {
        sink ??= IProgressSink.None;
        if (request.CheckpointEvery < 1)
        {
            string problem = $"must be at least 1, got {request.CheckpointEvery}.";
            throw new PidInputException($"the questions between checkpoints {problem}")
            {
                Setting = nameof(CaptureRequest.CheckpointEvery), Problem = problem, SuggestedValue = "1",
            };
        }
        bool made = !Directory.Exists(request.Folder);
        CapturedStates states;
        try
        {
            states = Capture(request, sink, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return new CaptureOutcome(null, CaptureCheckpointFile.Abandon(request.Folder, made));
        }
        catch
        {
            CaptureCheckpointFile.Abandon(request.Folder, made);
            throw;
        }
        CaptureCheckpointFile.Complete(request.Folder);
        return new CaptureOutcome(states, false);
    }

    /// <summary>The capture itself: the states are written into the request's folder (each sample spilled to disk as it comes) and
    /// opened from there.</summary>
    static CapturedStates Capture(CaptureRequest request, IProgressSink sink, CancellationToken cancel)
    {
        using var directory = LlavaModelDirectory.Open(request.Model);
        var forward = request.Forward;
        string template = PromptTemplates.Resolve(forward.Template, directory);
        var questions = QuestionRun.Read(request.Questions);
        using var model = directory.LoadModel(forward.ForwardDType, forward.TorchDevice);
        var progress = new RunProgress(sink);
        var meter = progress.Define("forward", "samples", questions.Count);
        var faults = new SampleFaults(forward.Strict);
        var states = QuestionCapture.Run(model, directory, questions, new QuestionCaptureOptions
        {
            Pooling = forward.Pooling, AllAnswers = forward.AllAnswers, DType = forward.DType, Template = template,
            OnSample = seconds => progress.Advance(meter, 1, seconds), Cancellation = cancel,
            Checkpoint = CaptureCheckpointFile.Open(request, sink), Folder = request.Folder,
        }, faults);
        if (faults.Summary() is { } skipped) sink.Log(skipped);
        foreach (var (task, a) in states.Info.Accuracy)
            sink.Log($"{task}: accuracy {a.Fraction:P1} ({a.Correct} of {a.Samples}), {states.Samples.Count(s => s.Task == task)} samples kept");
        return states;
    }
}
