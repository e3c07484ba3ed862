using PidGpu.Formats.Arrays;

namespace PidGpu.Reduce.Cpu;

/// <summary>
/// The reduce stage's dense steps on the host CPU, for ILGPU's CPU accelerator: the covariance as a blocked SYRK
/// (<see cref="HostCovariance"/>), the subspace iteration's d×d by d×m product and the projection as blocked GEMMs
/// (<see cref="HostGemm"/>), the matrix-free operator as two GEMMs per chunk (<see cref="HostCorrelationOperator"/>). Same algorithms, shift and seeds as <see cref="DeviceReduce"/>, so results agree to rounding.
/// </summary>
sealed class HostReduce : IReduceBackend
{
    public (double[] Covariance, double[] Mean) Covariance(IMatrixSource source, int chunkValues) => Accumulate(source, chunkValues).Result();

    public CovariancePartial CovariancePartial(IMatrixSource source, int chunkValues) => Accumulate(source, chunkValues).Partial();

    static HostCovariance Accumulate(IMatrixSource source, int chunkValues)
    {
        var accumulator = new HostCovariance(source.Columns);
        foreach (var chunk in RowChunks.Read(source, chunkValues, checkFinite: true)) accumulator.Add(chunk.Values);
        return accumulator;
    }

    public SymmetricEigen TopEigen(double[] a, int d, int k, PcaOptions options, double[]? start)
    {
        SymmetricEigen.Check(a, d, k);
        int m = Math.Min(d, k + Math.Max(0, options.Oversampling));
        return SubspaceEigen.Iterate((q, z) => HostGemm.Multiply(a, d, new PackedPanels(q, d, m), z), d, k, m,
            options.Tolerance, options.MaxIterations, options.Seed, "subspace", start);
    }

    public ICorrelationOperator Correlation(IMatrixSource source, PcaOptions options)
        => new HostCorrelationOperator(source, options.ChunkValues, options.MatrixFreeResidentValues);

    public double[] Project(PcaModel model, IMatrixSource source, int chunkValues)
    {
        int d = model.Columns, k = model.K;
        PcaProjection.CheckShape(model, source);
        var scores = new double[source.Rows * k];
        if (source.Rows == 0) return scores;
        // Fold the standardisation into the weights: (x − mean)/scale · W = (x − mean) · (W / scale).
        var weights = new PackedPanels(model.Components, d, k, model.Scale);
        var centred = new double[(long)RowChunks.ChunkRows(source, chunkValues) * d];
        foreach (var chunk in RowChunks.Read(source, chunkValues, checkFinite: true))
        {
            var span = chunk.Values;
            for (int r = 0; r < chunk.Rows; r++)
                for (int c = 0; c < d; c++) centred[(long)r * d + c] = span[r * d + c] - model.Mean[c];
            HostGemm.Multiply(centred, chunk.Rows, weights, scores, chunk.First * k);
        }
        return scores;
    }
}
