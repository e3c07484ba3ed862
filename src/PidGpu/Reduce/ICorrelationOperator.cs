namespace PidGpu.Reduce;

/// <summary>
/// The column correlation matrix C = ZᵀZ/N of a source as an operator, never formed (the matrix-free PCA path):
/// construction takes the column means and ML variances, <see cref="Standardise"/> fixes Z's column scales, and
/// <see cref="Apply"/> multiplies a block by C in two passes over the rows.
/// </summary>
interface ICorrelationOperator : IDisposable
{
    double[] Mean { get; }
    /// <summary>ML variance (divide by N) of each column.</summary>
    double[] Variance { get; }

    /// <summary>The products compute block columns in groups of this many (padding with zero columns): a block width m
    /// rounded up to a multiple of it costs no more per product and converges faster.</summary>
    int BlockWidth { get; }

    /// <summary>Fixes the column scales (standard deviations, all &gt; 0) of Z.</summary>
    void Standardise(double[] columnScale);

    /// <summary>w = C·q for row-major d×m blocks (the action <see cref="SubspaceEigen.Iterate"/> needs).</summary>
    void Apply(double[] q, double[] w, int m);
}
