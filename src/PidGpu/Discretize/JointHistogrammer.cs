using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Kernels;
using PidGpu.Estimate;
using PidGpu.Reduce;

namespace PidGpu.Discretize;

/// <summary>
/// Empirical joints of integer-coded samples, counted on the device: many problems of one shape
/// (e.g. one per layer) in a single histogram launch; on ILGPU's CPU accelerator by the same count in host loops.
/// </summary>
public sealed class JointHistogrammer(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <summary>Count in a host <c>Parallel.For</c> (<see cref="Cpu.HostHistogram"/>) rather than the ILGPU kernel; by default
    /// on ILGPU's CPU accelerator, where the kernel took 130 ms for 10⁶ samples and the loop 2.4 ms. Same counts either way.</summary>
    public bool OnHost { get; init; } = ReduceBackends.IsCpuAccelerator(device);

    /// <summary>Codes x1 ∈ [0,n1), x2 ∈ [0,n2), y ∈ [0,ny); every problem must have the same number of samples.</summary>
    /// <exception cref="PidInputException">Mismatched lengths, no samples, or a code outside its alphabet.</exception>
    public JointDistribution[] Count(IReadOnlyList<(int[] X1, int[] X2, int[] Y)> problems, int n1, int n2, int ny, string source = "samples")
        => Counts(problems, n1, n2, ny, source).Select(c => c.ToJoint(source)).ToArray();

    /// <summary>As <see cref="Count"/>, but the integer counts (the partial statistic): counts of parts of the samples,
    /// counted anywhere, merge exactly (<see cref="JointCounts.Merge"/>).</summary>
    public JointCounts[] Counts(IReadOnlyList<(int[] X1, int[] X2, int[] Y)> problems, int n1, int n2, int ny, string source = "samples")
    {
        if (problems.Count == 0) return [];
        JointDistribution.CheckAlphabets(n1, n2, ny, source);
        int samples = problems[0].X1.Length;
        if (samples == 0) throw new PidInputException($"{source}: no samples.");
        var shape = new ProblemShape(n1, n2, ny);
        var x1 = new int[(long)problems.Count * samples];
        var x2 = new int[x1.Length];
        var y = new int[x1.Length];
        for (int b = 0; b < problems.Count; b++)
        {
            var (a, c, t) = problems[b];
            if (a.Length != samples || c.Length != samples || t.Length != samples)
                throw new PidInputException($"{source}: problem {b} has {a.Length}/{c.Length}/{t.Length} samples for x1/x2/y; expected {samples} each.");
            CheckCodes(a, n1, "x1", b, source);
            CheckCodes(c, n2, "x2", b, source);
            CheckCodes(t, ny, "y", b, source);
            a.CopyTo(x1, (long)b * samples);
            c.CopyTo(x2, (long)b * samples);
            t.CopyTo(y, (long)b * samples);
        }

        var host = OnHost ? Cpu.HostHistogram.Count(shape, problems.Count, samples, x1, x2, y)
            : CountOnDevice(shape, problems.Count, samples, x1, x2, y);

        var counts = new JointCounts[problems.Count];
        for (int b = 0; b < problems.Count; b++)
        {
            var cells = new long[shape.Cells];
            for (int k = 0; k < shape.Cells; k++) cells[k] = host[(long)b * shape.Cells + k];
            counts[b] = new JointCounts(n1, n2, ny, cells);
        }
        return counts;
    }

    int[] CountOnDevice(ProblemShape shape, int problems, int samples, int[] x1, int[] x2, int[] y)
    {
        var acc = Device.Accelerator;
        using var dx1 = Device.Allocate<int>(x1);
        using var dx2 = Device.Allocate<int>(x2);
        using var dy = Device.Allocate<int>(y);
        using var counts = acc.Allocate1D<int>((long)problems * shape.Cells);
        counts.MemSetToZero(Device.Stream);
        KernelSet.For(acc).Histogram.Launch(Device.Stream, shape, problems, samples, dx1.View, dx2.View, dy.View, counts.View);
        return Device.Download<int>(counts.View);
    }

    static void CheckCodes(int[] codes, int n, string name, int problem, string source)
    {
        for (int i = 0; i < codes.Length; i++)
            if ((uint)codes[i] >= (uint)n)
                throw new PidInputException($"{source}: problem {problem}, {name} code at row {i} is {codes[i]}; codes must lie in 0..{n - 1}.") { Row = i };
    }
}
