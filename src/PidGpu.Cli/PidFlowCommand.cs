using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Formats.Arrays;
using PidGpu.Gaussian;
using PidGpu.Pipeline;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu decompose --estimator gaussian</c> through the PID Flow pipeline (<see cref="PidFlow"/>): PCA, Gaussianization,
/// Gaussian PID, bootstrap and permutations. Used when any of those stages is asked for.
/// </summary>
internal static class PidFlowCommand
{
    public static int Decompose(DecomposeOptions o, IReadOnlyList<IMatrixSource> m, PipelineOptions p, DeviceKind kind,
        TextWriter stdout, TextWriter stderr, OutputGate gate)
    {
        using var device = PidDevice.Create(kind);
        stderr.WriteLine($"device: {device.Description}");
        var settings = new PidFlowSettings
        {
            PcaComponents = p.Pca,
            Gaussianizer = Gaussianizer(p, device),
            Seed = p.Seed,
            DropNonFinite = p.DropNonFinite,
            Mmi = p.Mmi,
            Gpid = p.Gpid,
            Gaussian = p.Gaussian,
            BiasCorrection = p.BiasCorrection,
            Resampling = p.Resampling,
        };
        PidFlowResult result;
        try
        {
            result = GaussianDecomposeCommand.WithRidgeFlag(() => new PidFlow(device).Run(m[0], m[1], m[2], settings));
        }
        catch (PidInputException) when (ConstantColumns.Find(m) is { } constant)
        {
            // A singular block or an unstandardisable PCA input: when a constant column is the cause, name it.
            throw constant;
        }

        if (result.DroppedRows > 0)
            stderr.WriteLine($"dropped {result.DroppedRows} of {result.InputRows} rows with a NaN or infinite value (--drop-nonfinite).");
        foreach (var v in result.Variables)
            stderr.WriteLine(v.Pca is { } pca
                ? $"pca: {v.Name} {v.InputColumns} -> {v.Columns} components, explained variance {pca.ExplainedVarianceRatio:P2} " +
                  $"({pca.Eigensolver.Solver}, {pca.Eigensolver.Iterations} iterations, residual {pca.Eigensolver.Residual:E1}" +
                  (pca.Eigensolver.Converged ? ")" : ", NOT converged: the components are approximate)")
                : $"pca: {v.Name} kept whole ({v.Columns} columns)");
        foreach (var g in result.Gaussianization.Where(g => g.Checks.Count > 0))
            stderr.WriteLine($"{g.Method}: {g.Variable} " + string.Join(", ", g.Checks.Select(c => $"{c.Key} {c.Value:G4}")));
        stderr.WriteLine($"input: gaussian x1={m[0].Source}, x2={m[1].Source}, y={m[2].Source} " +
            $"(N={result.EvaluatedRows} evaluated{(result.FitRows > 0 ? $", {result.FitRows} held out to train the flow" : "")})");

        var mmi = result.Mmi?.Atoms;
        var gpid = (GaussianBrojaAtoms?)result.Gpid?.Atoms;
        ResultTable.Write(stdout, mmi, gpid);
        UncertaintyTable.Write(stdout, "mmi", result.Mmi);
        UncertaintyTable.Write(stdout, "gpid", result.Gpid);
        gate.BeginWriting();
        if (o.Out is { } path)
            AtomicFile.WriteAllText(path, PidFlowJson.Serialize(m, p, device.Description, result));
        return GaussianDecomposeCommand.GpidExitCode(gpid, p.Gaussian.TargetGapBits, stderr);
    }

    static IGaussianizer? Gaussianizer(PipelineOptions p, PidDevice device) => p.Gaussianize switch
    {
        GaussianizeChoice.Copula => new CopulaStage(device),
        GaussianizeChoice.Flow => FlowStageFactory.Create(p),
        _ => null,
    };
}
