using PidGpu.Pipeline;

namespace PidGpu.Gaussianize;

/// <summary>
/// Maps one reduced variable (rows × columns doubles, row-major) to approximately Gaussian coordinates, one variable at
/// a time. A method that learns a map (a normalizing flow) fits on <paramref name="fit"/> and applies it to
/// <paramref name="apply"/>, disjoint rows chosen by <see cref="PidFlow"/>; a rank transform uses only
/// <paramref name="apply"/>.
/// </summary>
public interface IGaussianizer
{
    /// <summary>Short name for reports ("copula", "flow").</summary>
    string Name { get; }

    /// <summary>True when the map is learned, so the pipeline must hold out a training split.</summary>
    bool NeedsTrainingSplit { get; }

    /// <summary>Gaussianized <paramref name="apply"/> (applyRows × columns), plus what was done.</summary>
    (double[] Result, GaussianizeReport Report) Gaussianize(string variable, double[] fit, int fitRows,
        double[] apply, int applyRows, int columns);
}
