using PidGpu.Progress;

namespace PidGpu.Runs;

/// <summary>
/// The one entry point of a decomposition, whatever its route: a discrete request (joint table, counts, a batch of
/// tables, float columns, activation matrices) or a Gaussian one (streamed matrices, the PID Flow pipeline, a
/// covariance). Front ends parse their options into a request, call this, print the result's table and write its JSON.
/// </summary>
public static class DecompositionRun
{
    /// <param name="sink">Receives notes (device, input, dropped rows, PCA) and the progress of long BROJA runs.</param>
    /// <param name="cancel">Stops a long BROJA solve between steps.</param>
    /// <exception cref="PidInputException">Bad input; its <see cref="PidInputException.Setting"/> names the setting that
    /// fixes it, where one does.</exception>
    public static IDecompositionResult Execute(DecompositionRequest request, IProgressSink? sink = null, CancellationToken cancel = default)
        => request switch
        {
            DiscreteRequest discrete => DiscreteRun.Execute(discrete, sink, cancel),
            GaussianRequest gaussian => GaussianRun.Execute(gaussian, sink),
            _ => throw new ArgumentException($"no route for a {request.GetType().Name}.", nameof(request)),
        };
}
