using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Progress;
using PidGpu.Reduce.Cpu;

namespace PidGpu.Runs;

/// <summary>
/// The streaming Gaussian route: the matrices X1 (N×d1), X2 (N×d2), Y (N×dy) are read row chunk by row chunk into the
/// joint covariance of [X1 | X2 | Y] on the device (<see cref="ChunkedCovariance"/>), which then is decomposed (MMI and/or
/// ~G-PID); with <see cref="DeviceKind.Auto"/> and no CUDA device, on the host instead. Serves files larger than memory. Cheap checks (shapes, non-finite values) run before the device starts.
/// </summary>
static class GaussianStreamRoute
{
    /// <summary>Rows per streamed chunk (fewer when rows are wide, so a chunk stays around 16 M floats).</summary>
    const int ChunkRows = 65_536;
    const long ChunkValues = 1L << 24;

    /// <summary>What is recorded as the device when the route runs on the host.</summary>
    public const string HostDevice = "host (no CUDA device: the covariance and the PID run on the CPU without an accelerator)";

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

        // With DeviceKind.Auto and no CUDA device the whole route runs on the host (HostCovariance, GaussianPid): the ILGPU
        // CPU accelerator would spend seconds compiling kernels that the host code outruns.
        using var device = r.Device == DeviceKind.Auto && !PidDevice.CudaPresent() ? null : PidDevice.Create(r.Device);
        string deviceText = device?.Description ?? HostDevice;
        sink.Log($"device: {deviceText}");

        // The covariance is accumulated on the device (ChunkedCovariance) or the host; only the small d×d result comes back.
        double[,] cov;
        long used, dropped;
        if (device is null)
        {
            var host = new HostCovariance(d);
            (used, dropped) = Stream(m, d, chunk => host.Add(chunk));
            CheckUsed(used, dropped, rows, d1, d2, dy, sink);
            cov = Square(host.Result().Covariance, d);
        }
        else
        {
            using var accumulator = new ChunkedCovariance(device, d);
            (used, dropped) = Stream(m, d, accumulator.Add);
            CheckUsed(used, dropped, rows, d1, d2, dy, sink);
            cov = accumulator.Result().Covariances[0];
        }
        var options = r.BiasCorrection ? r.Options with { BiasCorrection = new LogDetBiasCorrection(used) } : r.Options;
        Symmetrize(cov);
        CheckVariances(cov, m, d1, d2);
        string description = $"x1={x1.Source}, x2={x2.Source}, y={y.Source}";
        sink.Log($"input: gaussian {description} (N={used}, d1={d1}, d2={d2}, dy={dy})");

        // On a device both measures run on its engine (GaussianPidEngine, the batched kernel with one problem here); on the
        // host the measure's Gaussian form runs the same core, so the atoms agree to rounding.
        long solveStart = System.Diagnostics.Stopwatch.GetTimestamp();
        var engine = device is null ? null : new GaussianPidEngine(device);
        PidAtoms Solve(IPidMeasure measure) => engine is null
            ? measure.Gaussian(cov, d1, d2, dy, options)
            : engine.Decompose([cov], d1, d2, dy, measure, options)[0];
        PidAtoms? mmi = r.Measures.Contains(PidMeasures.Mmi) ? Solve(PidMeasures.Mmi) : null;
        var gpid = r.Measures.Contains(PidMeasures.Broja) ? (GpidAtoms)Solve(PidMeasures.Broja) : null;
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(solveStart).TotalSeconds;
        var input = new GaussianInputDescription(description, x1.Source, x2.Source, y.Source, d1, d2, dy, rows, used, dropped);
        return new GaussianRunResult(input, options, deviceText, mmi, gpid, seconds);
    }

    /// <summary>Says how many rows were dropped and refuses too few left.</summary>
    static void CheckUsed(long used, long dropped, long rows, int d1, int d2, int dy, IProgressSink sink)
    {
        if (dropped > 0)
            sink.Log($"dropped {dropped} of {rows} rows with a NaN or infinite value; {used} rows used.");
        CheckEnoughSamples(used, d1 + d2 + dy, d1, d2, dy, dropped > 0 ? $" after dropping {dropped} rows with non-finite values" : "");
    }

    /// <summary>Row-major d×d → a square array.</summary>
    static double[,] Square(double[] flat, int d)
    {
        var cov = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) cov[i, j] = flat[(long)i * d + j];
        return cov;
    }

    /// <summary>Reads the three matrices in row chunks, joins each sample as [x1 | x2 | y] and adds it; returns (used, dropped) rows.</summary>
    static (long Used, long Dropped) Stream(IReadOnlyList<IMatrixSource> m, int d, Action<float[]> add)
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
            add((long)kept * d == joint.Length ? joint : joint.AsSpan(0, kept * d).ToArray());
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
