using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Formats.Arrays;
using PidGpu.Pipeline;
using PidGpu.Progress;
using PidGpu.Gaussianize;

namespace PidGpu.Runs;

/// <summary>The pipeline Gaussian route (<see cref="PidFlow"/>): PCA, Gaussianization, Gaussian PID, bootstrap and
/// permutations, taken when any of those stages is asked for.</summary>
static class PidFlowRoute
{
    public static PidFlowRunResult Run(GaussianRequest r, IReadOnlyList<IMatrixSource> m, IProgressSink sink)
    {
        using var device = PidDevice.Create(r.Device);
        sink.Log($"device: {device.Description}");
        var settings = new PidFlowSettings
        {
            PcaComponents = r.Pca,
            Gaussianizer = Gaussianizer(r, device),
            Seed = r.Seed,
            DropNonFinite = r.DropNonFinite,
            Measures = r.Measures,
            Gaussian = r.Options,
            BiasCorrection = r.BiasCorrection,
            Resampling = r.Resampling,
        };
        PidFlowResult result;
        try
        {
            result = new PidFlow(device).Run(m[0], m[1], m[2], settings);
        }
        catch (PidInputException) when (ConstantColumns.Find(m) is { } constant)
        {
            // A singular block or an unstandardisable PCA input: when a constant column is the cause, name it.
            throw constant;
        }

        if (result.DroppedRows > 0)
            sink.Log($"dropped {result.DroppedRows} of {result.InputRows} rows with a NaN or infinite value.");
        foreach (var v in result.Variables)
            sink.Log(v.Pca is { } pca
                ? $"pca: {v.Name} {v.InputColumns} -> {v.Columns} components, explained variance {pca.ExplainedVarianceRatio:P2} " +
                  $"({pca.Eigensolver.Solver}, {pca.Eigensolver.Iterations} iterations, residual {pca.Eigensolver.Residual:E1}" +
                  (pca.Eigensolver.Converged ? ")" : ", NOT converged: the components are approximate)")
                : $"pca: {v.Name} kept whole ({v.Columns} columns)");
        foreach (var g in result.Gaussianization.Where(g => g.Checks.Count > 0))
            sink.Log($"{g.Method}: {g.Variable} " + string.Join(", ", g.Checks.Select(c => $"{c.Key} {c.Value:G4}")));
        sink.Log($"input: gaussian x1={m[0].Source}, x2={m[1].Source}, y={m[2].Source} " +
            $"(N={result.EvaluatedRows} evaluated{(result.FitRows > 0 ? $", {result.FitRows} held out to train the flow" : "")})");
        return new PidFlowRunResult(MatrixColumns.Of(m), r, device.Description, result);
    }

    static IGaussianizer? Gaussianizer(GaussianRequest r, PidDevice device) => r.Gaussianize switch
    {
        GaussianizeMethod.Copula => new CopulaStage(device),
        GaussianizeMethod.Flow => r.FlowStage?.Invoke()
            ?? throw new InvalidOperationException("GaussianizeMethod.Flow needs GaussianRequest.FlowStage (the flow lives outside this library)."),
        _ => null,
    };
}
