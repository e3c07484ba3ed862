using PidGpu.Formats.Arrays;

namespace PidGpu.Reduce;

/// <summary>
/// The dense steps of the reduce stage that <see cref="PcaFit"/> and <see cref="PcaProjection"/> hand to a back-end:
/// the chunked covariance, the top eigenpairs of a formed d×d matrix and the projection. <see cref="DeviceReduce"/>
/// runs the ILGPU kernels (a GPU), <see cref="Cpu.HostReduce"/> blocked SIMD products on the host (ILGPU's CPU
/// accelerator); <see cref="ReduceBackends.For"/> picks one.
/// </summary>
interface IReduceBackend
{
    /// <summary>ML covariance (row-major d×d) and column means of the source, read in chunks of about
    /// <paramref name="chunkValues"/> floats (each chunk checked for non-finite values).</summary>
    (double[] Covariance, double[] Mean) Covariance(IMatrixSource source, int chunkValues);

    /// <summary>The same pass's partial statistics, to merge with other parts' (<see cref="CovariancePartial"/>).</summary>
    CovariancePartial CovariancePartial(IMatrixSource source, int chunkValues);

    /// <summary>The top k eigenpairs of the row-major symmetric PSD d×d matrix <paramref name="a"/> by subspace iteration
    /// (<see cref="SubspaceEigen.Iterate"/>), optionally started from <paramref name="start"/> (row-major d×s, s ≤ k).</summary>
    SymmetricEigen TopEigen(double[] a, int d, int k, PcaOptions options, double[]? start);

    /// <summary>The implicit correlation matrix of the source for the matrix-free path (one pass for means and variances).</summary>
    ICorrelationOperator Correlation(IMatrixSource source, PcaOptions options);

    /// <summary>Scores of every row, row-major N×k: z·W with z_c = (x_c − mean_c)/scale_c.</summary>
    double[] Project(PcaModel model, IMatrixSource source, int chunkValues);
}
