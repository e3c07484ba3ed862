using System.Diagnostics;
using System.Globalization;
using PidGpu.Formats.Arrays;
using PidGpu.Reduce;

namespace PidGpu.Bench;

/// <summary>
/// `pca N d k method…`: one <see cref="PcaFit.Fit"/> per method on a decaying-spectrum matrix (after a small
/// warm-up fit that compiles the kernels), printing wall time, solver, iterations and residual as a markdown table.
/// Not a benchmark: a single timing, for sizes too slow to repeat (the covariance at d = 4096 is minutes on the CPU).
/// </summary>
public static class PcaTiming
{
    public static int Run(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: pca N d k covariance|matrixfree|auto [...]");
            return 2;
        }
        int n = int.Parse(args[0], CultureInfo.InvariantCulture), d = int.Parse(args[1], CultureInfo.InvariantCulture);
        int k = int.Parse(args[2], CultureInfo.InvariantCulture);
        // method[:t[:p]]: t = most passes per iteration of the matrix-free path (PcaOptions.MatrixFreeFilterDegree), p = the
        // oversampling, to compare in one process.
        var runs = args[3..].Select(a => a.Split(':')).Select(p => (Method: Enum.Parse<PcaMethod>(p[0], ignoreCase: true),
            Degree: p.Length > 1 ? int.Parse(p[1], CultureInfo.InvariantCulture) : new PcaOptions().MatrixFreeFilterDegree,
            Oversampling: p.Length > 2 ? int.Parse(p[2], CultureInfo.InvariantCulture) : new PcaOptions().Oversampling)).ToArray();
        var methods = runs.Select(r => r.Method).ToArray();
        using var device = BenchDevice.Create();
        var data = Decaying(n, d, new Random(1));
        using var source = new InMemoryMatrix(data, d, "bench");
        foreach (var method in methods.Distinct()) // warm-up: compile this path's kernels
        {
            var small = LowRankData.LowRankPlusNoise(64, 40, 4, new Random(2));
            using var warm = new InMemoryMatrix(small, 40, "warm-up");
            PcaFit.Fit(device, warm, new PcaOptions { Components = 2, Method = method });
        }
        Console.WriteLine($"device: {device.Accelerator.Name}; N = {n}, d = {d}, k = {k}");
        // Process CPU time next to the wall time: on a shared machine the wall time depends on the other load.
        Console.WriteLine("| method | wall time | process CPU time | solver | iterations | residual / λ₁ | converged |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|:---:|");
        var models = new List<PcaModel>();
        foreach (var (method, degree, oversampling) in runs)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var model = PcaFit.Fit(device, source, new PcaOptions { Components = k, Method = method, MatrixFreeFilterDegree = degree, Oversampling = oversampling });
            clock.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            models.Add(model);
            var e = model.Eigensolver;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {method}{(method == PcaMethod.Covariance ? "" : $" (t = {degree}, p = {oversampling})")} | {clock.Elapsed.TotalSeconds:0.00} s | {cpu.TotalSeconds:0.00} s | {e.Solver} | {e.Iterations} | {e.Residual / model.Eigenvalues[0]:0.0E+00} | {(e.Converged ? "yes" : "no")} |"));
        }
        // Agreement with the first method's model: eigenvalues (relative) and loadings up to sign.
        foreach (var (model, method) in models.Zip(args[3..]).Skip(1))
        {
            double value = 0, cos = 1;
            for (int j = 0; j < k; j++)
            {
                value = Math.Max(value, Math.Abs(model.Eigenvalues[j] - models[0].Eigenvalues[j]) / models[0].Eigenvalues[j]);
                double dot = 0;
                for (int c = 0; c < d; c++) dot += model.Loading(c, j) * models[0].Loading(c, j);
                cos = Math.Min(cos, Math.Abs(dot));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{method} vs {args[3]}: max relative eigenvalue difference {value:0.0E+00}, min |cos| of loadings {cos:R}"));
        }
        return 0;
    }

    /// <summary>64 latent factors of strength 0.95^i (random loadings) plus unit noise: correlation eigenvalues decay
    /// like 0.9^i, so the top 8 against the 17th converge at about 0.44 per iteration, a middling case for activations.</summary>
    static float[] Decaying(int rows, int d, Random rng)
    {
        const int rank = 64;
        var loadings = new float[rank * d];
        for (int j = 0; j < rank; j++)
            for (int c = 0; c < d; c++) loadings[j * d + c] = (float)((rng.NextDouble() - 0.5) * Math.Sqrt(12) * Math.Pow(0.95, j));
        var data = new float[(long)rows * d];
        var z = new float[rank];
        var row = new float[d];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < rank; j++) z[j] = (float)((rng.NextDouble() - 0.5) * Math.Sqrt(12));
            for (int c = 0; c < d; c++) row[c] = (float)((rng.NextDouble() - 0.5) * Math.Sqrt(12));
            for (int j = 0; j < rank; j++)
            {
                float zj = z[j];
                var l = loadings.AsSpan(j * d, d);
                for (int c = 0; c < d; c++) row[c] += zj * l[c];
            }
            row.CopyTo(data.AsSpan((int)((long)r * d), d));
        }
        return data;
    }
}
