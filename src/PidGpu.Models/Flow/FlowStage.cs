using PidGpu.Pipeline;
using PidGpu.Gaussianize;

namespace PidGpu.Models.Flow;

/// <summary>
/// The RealNVP flow as a PID Flow stage: trains one flow per variable on the pipeline's training rows and maps the
/// evaluation rows through it, so the flow never sees the rows the PID is computed on. Of the training rows,
/// <see cref="ValidationShare"/> are held out again for the flow's own NLL and Gaussianity check.
/// </summary>
public sealed class FlowStage(FlowOptions options) : IGaussianizer
{
    public const double ValidationShare = 0.2;

    public string Name => "flow";
    public bool NeedsTrainingSplit => true;

    public (double[] Result, GaussianizeReport Report) Gaussianize(string variable, double[] fit, int fitRows,
        double[] apply, int applyRows, int columns)
    {
        using var flow = FlowGaussianizer.Fit(fit, fitRows, columns, options with { TrainFraction = 1 - ValidationShare });
        var result = flow.Transform(apply, applyRows);
        var output = GaussianityCheck.Of(result, applyRows, columns);
        var input = GaussianityCheck.Of(apply, applyRows, columns);
        var checks = new Dictionary<string, double>
        {
            ["validation_nll_nats"] = flow.FinalNllNats,
            ["validation_nll_bits_per_dim"] = flow.FinalNllBitsPerDim,
            ["train_nll_nats"] = flow.TrainNllNats,
            ["training_seconds"] = flow.TrainingSeconds,
            ["plateaued"] = flow.Training.Plateaued ? 1 : 0,
            ["input_max_abs_skewness"] = input.MaxAbsSkewness,
            ["input_max_abs_excess_kurtosis"] = input.MaxAbsExcessKurtosis,
            ["output_max_abs_skewness"] = output.MaxAbsSkewness,
            ["output_max_abs_excess_kurtosis"] = output.MaxAbsExcessKurtosis,
            ["output_max_abs_std_minus_one"] = output.MaxAbsStdMinusOne,
            ["output_max_abs_correlation"] = output.MaxAbsOffDiagonalCorrelation,
        };
        return (result, new GaussianizeReport(variable, Name, checks));
    }
}
