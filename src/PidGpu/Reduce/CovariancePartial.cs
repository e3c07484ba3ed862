namespace PidGpu.Reduce;

/// <summary>
/// The partial statistics of a covariance, so that a run split by samples (across threads, processes or machines) merges
/// into the one-run result: the rows seen, the shift s, S = Σ(x − s) and the upper triangle of Σ(x − s)(x − s)ᵀ (row-major
/// d×d, lower part unused). Partials with different shifts merge exactly by moving one to the other's shift
/// (<see cref="Merge"/>); only the rounding of the double sums then differs from one pass over all rows (relative 1e-15
/// per addition). <see cref="ToBytes"/> and <see cref="FromBytes"/> carry a partial between processes bit for bit.
/// </summary>
public sealed class CovariancePartial
{
    const uint Magic = 0x50434F56; // "PCOV"
    const int Version = 1;

    public int Columns { get; }
    public long Rows { get; }
    internal double[] Shift { get; }
    internal double[] Sum { get; }
    internal double[] Cross { get; }

    internal CovariancePartial(int columns, long rows, double[] shift, double[] sum, double[] cross)
    {
        Columns = columns;
        Rows = rows;
        Shift = shift;
        Sum = sum;
        Cross = cross;
    }

    /// <summary>A partial from finished moments: shift = the mean, S = 0, Σ(x − s)(x − s)ᵀ = N·C (C the ML covariance).</summary>
    public static CovariancePartial FromMoments(long rows, double[] mean, double[] covariance)
    {
        int d = mean.Length;
        if (covariance.Length != (long)d * d)
            throw new PidInputException($"a covariance of {d} columns needs {d}×{d} values, got {covariance.Length}.");
        var cross = new double[(long)d * d];
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++) cross[(long)i * d + j] = rows * covariance[(long)i * d + j];
        return new CovariancePartial(d, rows, (double[])mean.Clone(), new double[d], cross);
    }

    /// <summary>The statistics of both parts' rows (shift: this one's, or the other's when this has no rows).</summary>
    public CovariancePartial Merge(CovariancePartial other)
    {
        if (other.Columns != Columns)
            throw new PidInputException($"cannot merge a covariance of {other.Columns} columns into one of {Columns}.");
        if (other.Rows == 0) return this;
        if (Rows == 0) return other;
        var sum = (double[])Sum.Clone();
        var cross = (double[])Cross.Clone();
        AddShifted(Columns, cross, Columns, sum, Shift, other.Cross, other.Columns, other.Sum, other.Shift, other.Rows);
        return new CovariancePartial(Columns, Rows + other.Rows, Shift, sum, cross);
    }

    /// <summary>The ML covariance (row-major, exactly symmetric) and the means.</summary>
    /// <exception cref="PidInputException">No rows.</exception>
    public (double[] Covariance, double[] Mean) Result()
    {
        if (Rows == 0) throw new PidInputException("no rows were added, so there is no covariance.");
        var covariance = new double[(long)Columns * Columns];
        var mean = new double[Columns];
        Finish(Columns, Cross, Columns, Sum, Shift, Rows, covariance, mean);
        return (covariance, mean);
    }

    /// <summary>
    /// Adds another part's sums, taken around <paramref name="otherShift"/>, to sums around <paramref name="shift"/>:
    /// Σ(x − a)(x − a)ᵀ = Σ(x − b)(x − b)ᵀ + δ·S_bᵀ + S_b·δᵀ + n_b·δ·δᵀ with δ = b − a and S_b = Σ(x − b); S_a gains S_b + n_b·δ.
    /// Upper triangles, row strides given (the host accumulator pads its rows).
    /// </summary>
    internal static void AddShifted(int d, double[] cross, int stride, double[] sum, double[] shift,
        double[] otherCross, int otherStride, double[] otherSum, double[] otherShift, double otherRows)
    {
        var delta = new double[d];
        for (int c = 0; c < d; c++) delta[c] = otherShift[c] - shift[c];
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++)
                cross[(long)i * stride + j] += otherCross[(long)i * otherStride + j]
                    + delta[i] * otherSum[j] + otherSum[i] * delta[j] + otherRows * delta[i] * delta[j];
        for (int c = 0; c < d; c++) sum[c] += otherSum[c] + otherRows * delta[c];
    }

    /// <summary>C = (Σ(x − s)(x − s)ᵀ − S·Sᵀ/N) / N and mean = s + S/N, from the upper triangle (row stride given).</summary>
    internal static void Finish(int d, double[] cross, int stride, double[] sum, double[] shift, double rows, double[] covariance, double[] mean)
    {
        for (int c = 0; c < d; c++) mean[c] = shift[c] + sum[c] / rows;
        Parallel.For(0, d, i =>
        {
            for (int j = i; j < d; j++)
            {
                double v = (cross[(long)i * stride + j] - sum[i] * sum[j] / rows) / rows;
                covariance[(long)i * d + j] = v;
                covariance[(long)j * d + i] = v;
            }
        });
    }

    /// <summary>The partial as bytes (little-endian doubles, bit for bit), for another process to merge.</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(Columns);
            w.Write(Rows);
            foreach (var v in Shift) w.Write(v);
            foreach (var v in Sum) w.Write(v);
            for (int i = 0; i < Columns; i++)
                for (int j = i; j < Columns; j++) w.Write(Cross[(long)i * Columns + j]);
        }
        return buffer.ToArray();
    }

    /// <exception cref="PidInputException">Not a covariance partial of this version, or cut short.</exception>
    public static CovariancePartial FromBytes(byte[] bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes));
            if (r.ReadUInt32() != Magic || r.ReadInt32() != Version)
                throw new PidInputException("these bytes are not a covariance partial (version 1).");
            int d = r.ReadInt32();
            long rows = r.ReadInt64();
            if (d < 1 || rows < 0 || bytes.Length != 20 + 8 * (2L * d + (long)d * (d + 1) / 2))
                throw new PidInputException($"a covariance partial of {d} columns and {rows} rows cannot be {bytes.Length} bytes long.");
            var shift = new double[d];
            var sum = new double[d];
            var cross = new double[(long)d * d];
            for (int c = 0; c < d; c++) shift[c] = r.ReadDouble();
            for (int c = 0; c < d; c++) sum[c] = r.ReadDouble();
            for (int i = 0; i < d; i++)
                for (int j = i; j < d; j++) cross[(long)i * d + j] = r.ReadDouble();
            return new CovariancePartial(d, rows, shift, sum, cross);
        }
        catch (EndOfStreamException ex)
        {
            throw new PidInputException("a covariance partial was cut short.", ex);
        }
    }
}
