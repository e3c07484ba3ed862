using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Estimate;
using PidGpu.Kernels;

namespace PidGpu.Uncertainty;

/// <summary>
/// Bootstrap intervals and shuffled-Y nulls of the plug-in discrete PID of integer codes (x1, x2, y): replicate
/// joint counts on the device (<see cref="Kernels.Uncertainty.ResampledHistogram"/>), decomposed by
/// <see cref="DiscretePidEngine"/> in one batch. Replicate b draws the same rows (bootstrap) or uses the same
/// permutation as replicate b of <see cref="GaussianResampler"/> with the same seed and row count.
/// </summary>
public sealed class DiscreteResampler(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <param name="measure">One member of <see cref="PidMeasures"/>.</param>
    /// <exception cref="PidInputException">Mismatched lengths, a code outside its alphabet (named), bad options.</exception>
    public UncertaintySummary Summarize(int[] x1, int[] x2, int[] y, int n1, int n2, int ny, IPidMeasure measure,
        ResamplingOptions resampling, BrojaOptions? options = null)
    {
        Validate(x1, x2, y, n1, n2, ny);
        GaussianResampler.Check(resampling);
        var engine = new DiscretePidEngine(Device);
        PidAtoms Pick(DiscreteDecomposition d) => d.Of(measure)!;
        var observed = Pick(engine.Decompose(JointDistribution.FromCodes(x1, x2, y, n1, n2, ny), [measure], options));
        BootstrapSummary? boot = null;
        PermutationSummary? perm = null;
        if (resampling.Bootstrap > 0)
        {
            var joints = Joints(x1, x2, y, n1, n2, ny, resampling, bootstrap: true);
            boot = ReplicateStatistics.Bootstrap(observed, engine.Decompose(joints, [measure], options).Select(Pick).ToArray(),
                resampling.Seed, resampling.LowerQuantile, resampling.UpperQuantile);
        }
        if (resampling.Permutations > 0)
        {
            var joints = Joints(x1, x2, y, n1, n2, ny, resampling, bootstrap: false);
            perm = ReplicateStatistics.Permutation(observed, engine.Decompose(joints, [measure], options).Select(Pick).ToArray(),
                resampling.Seed, resampling.NullQuantile);
        }
        return new UncertaintySummary(AtomValues.Of(observed), boot, perm);
    }

    /// <summary>The replicate joints (empirical distributions of the resampled codes), replicates 0 … count−1.</summary>
    public JointDistribution[] Joints(int[] x1, int[] x2, int[] y, int n1, int n2, int ny, ResamplingOptions resampling, bool bootstrap)
    {
        GaussianResampler.Check(resampling);
        Validate(x1, x2, y, n1, n2, ny);
        int rows = x1.Length;
        int count = bootstrap ? resampling.Bootstrap : resampling.Permutations;
        var shape = new ProblemShape(n1, n2, ny);
        var acc = Device.Accelerator;
        var stream = Device.Stream;
        var kernels = KernelSet.For(acc);
        long perReplicate = Math.Max(shape.Cells, bootstrap ? 0 : rows);
        int batch = (int)Math.Clamp(resampling.MaxIndexEntries / perReplicate, 1, Math.Max(count, 1));
        using var dx1 = Device.Allocate<int>(x1);
        using var dx2 = Device.Allocate<int>(x2);
        using var dy = Device.Allocate<int>(y);
        using var counts = acc.Allocate1D<int>((long)batch * shape.Cells);
        using var permutation = acc.Allocate1D<int>(bootstrap ? 1 : (long)batch * rows);
        var joints = new JointDistribution[count];
        var weights = new double[shape.Cells];
        for (int first = 0; first < count; first += batch)
        {
            int n = Math.Min(batch, count - first);
            var view = counts.View.SubView(0, (long)n * shape.Cells);
            view.MemSetToZero(stream);
            if (bootstrap)
                kernels.ResampledHistogram.LaunchBootstrap(stream, shape, resampling.Seed, first, n, rows, dx1.View, dx2.View, dy.View, view);
            else
            {
                var p = permutation.View.SubView(0, (long)n * rows);
                kernels.Resampling.LaunchPermutations(stream, resampling.Seed, first, n, rows, p);
                kernels.ResampledHistogram.LaunchPermuted(stream, shape, n, rows, dx1.View, dx2.View, dy.View, p, view);
            }
            var host = Device.Download<int>(view, stream);
            for (int b = 0; b < n; b++)
            {
                for (int c = 0; c < shape.Cells; c++) weights[c] = host[(long)b * shape.Cells + c];
                joints[first + b] = new JointDistribution(n1, n2, ny, weights, $"replicate {first + b}");
            }
        }
        return joints;
    }

    static void Validate(int[] x1, int[] x2, int[] y, int n1, int n2, int ny)
    {
        if (x2.Length != x1.Length || y.Length != x1.Length || x1.Length < 2)
            throw new PidInputException($"x1, x2 and y need the same length ≥ 2 (got {x1.Length}, {x2.Length}, {y.Length}).");
        if (n1 < 1 || n2 < 1 || ny < 1)
            throw new PidInputException($"alphabet sizes must be ≥ 1 (got {n1}, {n2}, {ny}).");
        JointDistribution.CheckAlphabets(n1, n2, ny, "codes");
        CheckCodes(x1, n1, "x1"); CheckCodes(x2, n2, "x2"); CheckCodes(y, ny, "y");
    }

    static void CheckCodes(int[] codes, int n, string name)
    {
        for (int i = 0; i < codes.Length; i++)
            if ((uint)codes[i] >= (uint)n)
                throw new PidInputException($"{name} code at row {i} is {codes[i]}; codes must lie in 0..{n - 1}.") { Row = i };
    }
}
