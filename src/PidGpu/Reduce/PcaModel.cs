namespace PidGpu.Reduce;

/// <summary>
/// A fitted PCA of one variable: principal axes of the column correlation matrix (columns standardised by their
/// maximum-likelihood mean and standard deviation). Scores are z·W with z_c = (x_c − Mean[c]) / Scale[c].
/// Sign convention: in each component the loading of largest magnitude is positive.
/// </summary>
/// <param name="Source">Name of the data (for messages and reports).</param>
/// <param name="Rows">N, samples used.</param>
/// <param name="Mean">d column means.</param>
/// <param name="Scale">d column standard deviations (ML, divide by N).</param>
/// <param name="Components">Unit loadings, row-major d×k: <c>Components[c * K + j]</c> is the weight of column c in component j.</param>
/// <param name="Eigenvalues">k eigenvalues of the correlation matrix, descending (= the variances of the scores).</param>
/// <param name="Trace">Trace of the correlation matrix (= d up to rounding): the total variance.</param>
/// <param name="Eigensolver">The solver's record: residual max ‖C·v − λ·v‖, iterations, convergence, name.</param>
public sealed record PcaModel(string Source, long Rows, double[] Mean, double[] Scale, double[] Components,
    double[] Eigenvalues, double Trace, SymmetricEigen Eigensolver)
{
    /// <summary>d, the input columns.</summary>
    public int Columns => Mean.Length;

    /// <summary>k, the components kept.</summary>
    public int K => Eigenvalues.Length;

    /// <summary>Fraction of the total (standardised) variance in the k components: Σ λ_j / trace.</summary>
    public double ExplainedVarianceRatio => Eigenvalues.Sum() / Trace;

    /// <summary>Each component's share of the total variance, λ_j / trace.</summary>
    public double[] ComponentVarianceRatios => Eigenvalues.Select(l => l / Trace).ToArray();

    /// <summary>Weight of input column <paramref name="column"/> in component <paramref name="component"/>.</summary>
    public double Loading(int column, int component) => Components[column * K + component];

    /// <summary>Scores of every row of <paramref name="source"/>, row-major N×k (see <see cref="PcaProjection.Transform"/>).</summary>
    public double[] Transform(Device.PidDevice device, Formats.Arrays.IMatrixSource source, int chunkValues = 1 << 22)
        => PcaProjection.Transform(device, this, source, chunkValues);
}
