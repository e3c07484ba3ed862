namespace PidGpu.Reduce.Cpu;

/// <summary>
/// Maximum-likelihood covariance (divide by N) and means of float32 rows fed chunk by chunk, on the host CPU at the
/// speed of a blocked BLAS SYRK: each block of <see cref="BlockRows"/> rows is shifted, widened to double and packed into
/// 12-column panels, and the upper block triangle of Σ (x − s)(x − s)ᵀ is accumulated through <see cref="MicroKernel"/>,
/// one panel row per task. Numerics as on the device (<see cref="Estimate.ChunkedCovariance"/>): shift s = the first
/// chunk's column means, sums in double. Partial statistics merge exactly (<see cref="Merge"/>), so chunks or
/// shards may be reduced in any grouping. Deterministic: every sum runs in a fixed order whatever the thread count, and
/// blocks start at fixed row numbers (rows wait in the block buffer until it is full), so once the first chunk has fixed
/// the shift the bits do not depend on how later rows are split into chunks.
/// </summary>
internal sealed unsafe class HostCovariance
{
    /// <summary>Rows packed per block: two panels of 256 × 12 doubles (48 KiB) stay in L1/L2 across a panel row.</summary>
    public const int BlockRows = 256;

    readonly int panels, padded;
    readonly double[] shift, sum, cross;
    double[]? packed;
    int pending; // rows packed into the current block but not yet accumulated
    bool shifted;

    public int Columns { get; }
    /// <summary>Rows seen so far.</summary>
    public long Rows { get; private set; }

    public HostCovariance(int columns)
    {
        if (columns < 1) throw new PidInputException($"a covariance needs at least one column (got {columns}).");
        Columns = columns;
        panels = (columns + MicroKernel.Width - 1) / MicroKernel.Width;
        padded = panels * MicroKernel.Width;
        shift = new double[columns];
        sum = new double[columns];
        cross = new double[(long)padded * padded];
    }

    /// <summary>Adds rows × Columns floats, row-major. The first non-empty chunk fixes the shift (its column means).</summary>
    /// <exception cref="PidInputException">The length is not a whole number of rows, or a value is not finite.</exception>
    public void Add(ReadOnlySpan<float> chunk)
    {
        if (chunk.Length % Columns != 0)
            throw new PidInputException($"a chunk of {chunk.Length} floats is not a whole number of rows of {Columns} columns.");
        for (int i = 0; i < chunk.Length; i++)
            if (!float.IsFinite(chunk[i]))
                throw new PidInputException($"chunk value at row {Rows + i / Columns}, column {i % Columns} is {chunk[i]}; data must be finite.") { Row = Rows + i / Columns, Column = i % Columns, Value = chunk[i] };
        int rows = chunk.Length / Columns;
        if (rows == 0) return;
        if (!shifted) SetShift(chunk, rows);
        packed ??= new double[(long)padded * BlockRows];
        fixed (float* x = chunk)
        {
            for (int done = 0; done < rows;)
            {
                int take = Math.Min(BlockRows - pending, rows - done);
                Pack(x + (long)done * Columns, take, pending);
                pending += take;
                done += take;
                if (pending == BlockRows) Flush();
            }
        }
        Rows += rows;
    }

    /// <summary>Accumulates the rows waiting in the block buffer.</summary>
    void Flush()
    {
        if (pending == 0) return;
        AccumulateUpper(pending);
        pending = 0;
    }

    void SetShift(ReadOnlySpan<float> chunk, int rows)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < Columns; c++) shift[c] += chunk[r * Columns + c];
        for (int c = 0; c < Columns; c++) shift[c] /= rows;
        shifted = true;
    }

    /// <summary>Panel p holds columns 12p…12p+11 of the shifted block, row by row (padding columns stay zero);
    /// <paramref name="count"/> rows go in from block row <paramref name="offset"/> on.</summary>
    void Pack(float* x, int count, int offset)
    {
        var target = packed!;
        Parallel.For(0, panels, panel =>
        {
            int first = panel * MicroKernel.Width, width = Math.Min(MicroKernel.Width, Columns - first);
            var slice = target.AsSpan(panel * BlockRows * MicroKernel.Width, BlockRows * MicroKernel.Width);
            for (int r = 0; r < count; r++)
                for (int j = 0; j < width; j++)
                {
                    double v = x[(long)r * Columns + first + j] - shift[first + j];
                    slice[(offset + r) * MicroKernel.Width + j] = v;
                    sum[first + j] += v;
                }
        });
    }

    /// <summary>cross[i, j] += Σ_r z_ri·z_rj for every 12×12 block on or above the diagonal; panel rows in parallel,
    /// longest first (row p has panels − p blocks).</summary>
    void AccumulateUpper(int count)
    {
        var source = packed!;
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(Enumerable.Range(0, panels).ToArray(), loadBalance: true), pi =>
        {
            double* tile = stackalloc double[MicroKernel.Height * MicroKernel.Width];
            fixed (double* p = source, c = cross)
            {
                double* left = p + (long)pi * BlockRows * MicroKernel.Width;
                for (int pj = pi; pj < panels; pj++)
                {
                    double* right = p + (long)pj * BlockRows * MicroKernel.Width;
                    for (int offset = 0; offset < MicroKernel.Width && pi * MicroKernel.Width + offset < Columns; offset += MicroKernel.Height)
                    {
                        MicroKernel.Tile(left + offset, 1, MicroKernel.Width, right, count, tile);
                        double* target = c + (long)(pi * MicroKernel.Width + offset) * padded + pj * MicroKernel.Width;
                        for (int i = 0; i < MicroKernel.Height; i++)
                            for (int j = 0; j < MicroKernel.Width; j++) target[(long)i * padded + j] += tile[i * MicroKernel.Width + j];
                    }
                }
            }
        });
    }

    /// <summary>
    /// Adds another accumulator's rows (same column count): its sums are moved to this shift exactly,
    /// Σ(x − a)(x − a)ᵀ = Σ(x − b)(x − b)ᵀ + δ·S_bᵀ + S_b·δᵀ + n_b·δ·δᵀ with δ = b − a and S_b = Σ(x − b).
    /// </summary>
    public void Merge(HostCovariance other)
    {
        if (other.Columns != Columns)
            throw new PidInputException($"cannot merge a covariance of {other.Columns} columns into one of {Columns}.");
        if (other.Rows == 0) return;
        Flush();
        other.Flush();
        if (!shifted)
        {
            Array.Copy(other.shift, shift, Columns);
            shifted = true;
        }
        CovariancePartial.AddShifted(Columns, cross, padded, sum, shift, other.cross, other.padded, other.sum, other.shift, other.Rows);
        Rows += other.Rows;
    }

    /// <summary>This accumulator's partial statistics (<see cref="CovariancePartial"/>), bit for bit: another process's
    /// part merges into it exactly as <see cref="Merge"/> would.</summary>
    public CovariancePartial Partial()
    {
        Flush();
        int d = Columns;
        var upper = new double[(long)d * d];
        for (int i = 0; i < d; i++) Array.Copy(cross, (long)i * padded + i, upper, (long)i * d + i, d - i);
        return new CovariancePartial(d, Rows, (double[])shift.Clone(), (double[])sum.Clone(), upper);
    }

    /// <summary>The ML covariance (row-major Columns × Columns, exactly symmetric) and the means.</summary>
    /// <exception cref="PidInputException">No rows were added.</exception>
    public (double[] Covariance, double[] Mean) Result()
    {
        if (Rows == 0) throw new PidInputException("no rows were added, so there is no covariance.");
        Flush();
        var covariance = new double[(long)Columns * Columns];
        var mean = new double[Columns];
        CovariancePartial.Finish(Columns, cross, padded, sum, shift, Rows, covariance, mean);
        return (covariance, mean);
    }
}
