using PidGpu.Device;
using PidGpu.Gaussianize;

namespace PidGpu.Gaussianize;

/// <summary>The copula Gaussianizer as a pipeline stage: per column, ranks → standard-normal quantiles (on the device).
/// Nothing is learned, so no rows are held out.</summary>
public sealed class CopulaStage(PidDevice device) : IGaussianizer
{
    public string Name => "copula";
    public bool NeedsTrainingSplit => false;

    public (double[] Result, GaussianizeReport Report) Gaussianize(string variable, double[] fit, int fitRows,
        double[] apply, int applyRows, int columns)
    {
        var result = new CopulaGaussianizer(device).Transform(apply, applyRows, columns, variable);
        return (result, new GaussianizeReport(variable, Name, new Dictionary<string, double>()));
    }
}
