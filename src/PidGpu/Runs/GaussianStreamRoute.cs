using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Formats.Arrays;
using PidGpu.Gaussian;
using PidGpu.Pid;
using PidGpu.Pipeline;
using PidGpu.Progress;

namespace PidGpu.Runs;

/// <summary>
/// The streaming Gaussian route: the matrices X1 (N×d1), X2 (N×d2), Y (N×dy) are read row chunk by row chunk into the
/// joint covariance of [X1 | X2 | Y] on the device (<see cref="ChunkedCovariance"/>), which then is decomposed (MMI and/or
/// ~G-PID). Serves files larger than memory. Cheap checks (shapes, non-finite values) run before the device starts.
/// </summary>
static class GaussianStreamRoute
{
    /// <summary>Rows per streamed chunk (fewer when rows are wide, so a chunk stays around 16 M floats).</summary>
    const int ChunkRows = 65_536;
    const long ChunkValues = 1L << 24;

    public static GaussianRunResult Run(GaussianRequest r, IReadOnlyList<IMatrixSource> m, IProgressSink sink)
    {
        var (x1, x2, y) = (m[0], m[1], m[2]);
        if (x1.Rows != x2.Rows || x1.Rows != y.Rows)
            throw new PidInputException($"X1, X2 and Y must have the same number of rows (samples), got " +
                $"{x1.Rows} ({x1.Source}), {x2.Rows} ({x2.Source}) and {y.Rows} ({y.Source}).");
        int d1 = x1.Columns, d2 = x2.Columns, dy = y.Columns;
        int d = d1 + d2 + dy;
        long rows = x1.Rows;
        CheckEnoughSamples(rows, d, d1, d2, dy, "");
        if (!r.DropNonFinite)
            foreach (var s in m)
                if (s.FindFirstNonFinite() is { } bad)
                    throw NonFiniteRows.Error(s, bad.Row, bad.Column, PidFlowSettings.DropNonFiniteSetting);

        using var device = PidDevice.Create(r.Device);
        sink.Log($"device: {device.Description}");

        // The covariance is accumulated on the device (ChunkedCovariance); only the small d×d result comes back.
        double[,] cov;
        long used, dropped;
        using (var accumulator = new ChunkedCovariance(device, d))
        {
            (used, dropped) = Stream(m, d, accumulator);
            if (dropped > 0)
                sink.Log($"dropped {dropped} of {rows} rows with a NaN or infinite value; {used} rows used.");
            CheckEnoughSamples(used, d, d1, d2, dy, dropped > 0 ? $" after dropping {dropped} rows with non-finite values" : "");
            cov = accumulator.Result().Covariances[0];
        }
        var options = r.BiasCorrection ? r.Options with { BiasCorrection = new LogDetBiasCorrection(used) } : r.Options;
        Symmetrize(cov);
        CheckVariances(cov, m, d1, d2);
        string description = $"x1={x1.Source}, x2={x2.Source}, y={y.Source}";
        sink.Log($"input: gaussian {description} (N={used}, d1={d1}, d2={d2}, dy={dy})");

        // Both measures run on the device engine (GaussianPidEngine, the batched kernel with one problem here);
        // the host GaussianPid runs the same core and would give the same atoms for this tiny d×d solve.
        var engine = new GaussianPidEngine(device);
        long solveStart = System.Diagnostics.Stopwatch.GetTimestamp();
        PidAtoms? mmi = r.Mmi ? engine.Decompose([cov], d1, d2, dy, GaussianMeasure.Mmi, options)[0] : null;
        var gpid = r.Gpid ? (GpidAtoms)engine.Decompose([cov], d1, d2, dy, GaussianMeasure.Gpid, options)[0] : null;
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(solveStart).TotalSeconds;
        var input = new GaussianInputDescription(description, x1.Source, x2.Source, y.Source, d1, d2, dy, rows, used, dropped);
        return new GaussianRunResult(input, options, device.Description, mmi, gpid, seconds);
    }

    /// <summary>Reads the three matrices in row chunks, joins each sample as [x1 | x2 | y] and adds it; returns (used, dropped) rows.</summary>
    static (long Used, long Dropped) Stream(IReadOnlyList<IMatrixSource> m, int d, ChunkedCovariance accumulator)
    {
        long rows = m[0].Rows;
        int chunkRows = (int)Math.Max(1, Math.Min(ChunkRows, ChunkValues / d));
        chunkRows = (int)Math.Min(chunkRows, rows);
        var parts = m.Select(s => new float[(long)chunkRows * s.Columns]).ToArray();
        var joint = new float[(long)chunkRows * d];
        long used = 0, dropped = 0;
        for (long first = 0; first < rows; first += chunkRows)
        {
            int n = (int)Math.Min(chunkRows, rows - first);
            for (int k = 0; k < m.Count; k++) m[k].ReadRows(first, parts[k].AsSpan(0, n * m[k].Columns));
            int kept = 0;
            for (int r = 0; r < n; r++)
            {
                var target = joint.AsSpan(kept * d, d);
                int offset = 0;
                bool finite = true;
                for (int k = 0; k < m.Count; k++)
                {
                    int c = m[k].Columns;
                    var row = parts[k].AsSpan(r * c, c);
                    foreach (var v in row) finite &= float.IsFinite(v);
                    row.CopyTo(target.Slice(offset, c));
                    offset += c;
                }
                if (finite) kept++;
                else dropped++;
            }
            if (kept == 0) continue;
            accumulator.Add((long)kept * d == joint.Length ? joint : joint.AsSpan(0, kept * d).ToArray());
            used += kept;
        }
        return (used, dropped);
    }

    static void CheckEnoughSamples(long n, int d, int d1, int d2, int dy, string after)
    {
        if (n <= d)
            throw new PidInputException($"too few samples for the covariance: {n} rows{after}, but d1+d2+dy = {d1}+{d2}+{dy} = {d} " +
                $"dimensions need more than {d} (in practice many more).");
    }

    /// <summary>The device sums in a fixed order per element; make the result exactly symmetric for the solver's check.</summary>
    static void Symmetrize(double[,] cov)
    {
        int n = cov.GetLength(0);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                cov[i, j] = cov[j, i] = 0.5 * (cov[i, j] + cov[j, i]);
    }

    /// <summary>A constant column makes its block singular; name it rather than the block.</summary>
    static void CheckVariances(double[,] cov, IReadOnlyList<IMatrixSource> m, int d1, int d2)
    {
        int[] starts = [0, d1, d1 + d2];
        for (int k = 0; k < 3; k++)
            for (int c = 0; c < m[k].Columns; c++)
                if (!(cov[starts[k] + c, starts[k] + c] > 0))
                    throw ConstantColumns.Error(k, c, m[k].Source, "zero variance");
    }
}
