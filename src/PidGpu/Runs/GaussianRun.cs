using PidGpu.Formats.Arrays;
using PidGpu.Progress;

namespace PidGpu.Runs;

/// <summary>The Gaussian routes: a covariance given directly (<see cref="CovarianceRoute"/>), matrices streamed into the
/// device covariance (<see cref="GaussianStreamRoute"/>), or matrices through the PID Flow pipeline (<see cref="PidFlowRoute"/>).</summary>
internal static class GaussianRun
{
    /// <exception cref="PidInputException">Bad input: mismatched rows, non-finite values, constant columns, too few
    /// samples, a singular block (the error's setting then names the ridge).</exception>
    public static IDecompositionResult Execute(GaussianRequest request, IProgressSink? sink = null)
    {
        sink ??= IProgressSink.None;
        Estimate.PidMeasures.RequireGaussianForms(request.Measures);
        if (request.Input is CovarianceInput covariance) return CovarianceRoute.Run(request, covariance, sink);
        var input = (GaussianMatricesInput)request.Input;
        var sources = new List<IMatrixSource>();
        try
        {
            foreach (var spec in new[] { input.X1, input.X2, input.Y }) sources.Add(ArrayFile.Open(spec));
            return request.NeedsPipeline(sources.Select(s => s.Columns))
                ? PidFlowRoute.Run(request, sources, sink)
                : GaussianStreamRoute.Run(request, sources, sink);
        }
        finally
        {
            foreach (var s in sources) s.Dispose();
        }
    }
}
