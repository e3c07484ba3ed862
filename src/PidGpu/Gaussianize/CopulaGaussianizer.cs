using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Reduce;
using PidGpu.Kernels.Gaussianize;

namespace PidGpu.Gaussianize;

/// <summary>
/// Gaussian copula transform on the device: per column, value → Φ⁻¹((rank + ½)/N) with tied values given their
/// average rank, so every column becomes standard-normal scores whatever its marginal, and any strictly increasing
/// map of a column leaves the output unchanged bit for bit. Input is a row-major [rows × cols] matrix.
/// </summary>
internal sealed class CopulaGaussianizer(PidDevice device)
{
    public PidDevice Device { get; } = device;

    /// <summary>Rank with host loops and <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[])"/> (<see cref="Cpu.HostCopula"/>)
    /// rather than the ILGPU merge sort; by default on ILGPU's CPU accelerator. Same scores either way, bit for bit.</summary>
    public bool OnHost { get; init; } = ReduceBackends.IsCpuAccelerator(device);

    /// <summary>Normal scores of a double matrix; returns a new [rows × cols] array.</summary>
    /// <exception cref="PidInputException">Shape mismatch, no rows, or a NaN/±∞ (named by row and column).</exception>
    public double[] Transform(ReadOnlySpan<double> values, int rows, int cols, string name = "matrix")
    {
        CheckShape(values.Length, rows, cols, name);
        var acc = Device.Accelerator;
        using var buffer = Device.Allocate(values);
        TransformInPlace(Device.Stream, buffer.View, rows, cols, name);
        return Device.Download<double>(buffer.View);
    }

    /// <summary>Normal scores of a float matrix (widened exactly to double); returns a new [rows × cols] array.</summary>
    /// <exception cref="PidInputException">Shape mismatch, no rows, or a NaN/±∞ (named by row and column).</exception>
    public double[] Transform(ReadOnlySpan<float> values, int rows, int cols, string name = "matrix")
    {
        CheckShape(values.Length, rows, cols, name);
        var acc = Device.Accelerator;
        using var input = Device.Allocate(values);
        using var buffer = acc.Allocate1D<double>(values.Length);
        Transform(Device.Stream, input.View, buffer.View, rows, cols, name);
        return Device.Download<double>(buffer.View);
    }

    /// <summary>Device API: writes the normal scores of <paramref name="input"/> into <paramref name="output"/> (both [rows × cols]).</summary>
    /// <exception cref="PidInputException">Shape mismatch, no rows, or a NaN/±∞ (named by row and column).</exception>
    public void Transform(AcceleratorStream stream, ArrayView<float> input, ArrayView<double> output, int rows, int cols, string name = "matrix")
    {
        CheckShape(input.Length, rows, cols, name);
        CheckShape(output.Length, rows, cols, name + " (output)");
        KernelSet.For(Device.Accelerator).Copula.Widen(stream, input, output);
        TransformInPlace(stream, output, rows, cols, name);
    }

    /// <summary>Device API: writes the normal scores of <paramref name="input"/> into <paramref name="output"/> (both [rows × cols]).</summary>
    /// <exception cref="PidInputException">Shape mismatch, no rows, or a NaN/±∞ (named by row and column).</exception>
    public void Transform(AcceleratorStream stream, ArrayView<double> input, ArrayView<double> output, int rows, int cols, string name = "matrix")
    {
        CheckShape(input.Length, rows, cols, name);
        CheckShape(output.Length, rows, cols, name + " (output)");
        output.CopyFrom(stream, input);
        TransformInPlace(stream, output, rows, cols, name);
    }

    /// <summary>Device API: replaces the [rows × cols] matrix in <paramref name="values"/> by its normal scores.</summary>
    /// <exception cref="PidInputException">Shape mismatch, no rows, or a NaN/±∞ (named by row and column); the view is then unchanged.</exception>
    public void TransformInPlace(AcceleratorStream stream, ArrayView<double> values, int rows, int cols, string name = "matrix")
    {
        CheckShape(values.Length, rows, cols, name);
        if (OnHost)
        {
            // The CPU accelerator's views live in host memory: copy out, rank on the host, copy back.
            var host = Device.Download(values, stream);
            long firstBad = Cpu.HostCopula.FirstNonFinite(host);
            if (firstBad >= 0) throw NonFinite(name, firstBad, cols, host[firstBad]);
            Cpu.HostCopula.TransformInPlace(host, rows, cols);
            Device.Upload(values, host, stream);
            stream.Synchronize();
            return;
        }
        var acc = Device.Accelerator;
        var copula = KernelSet.For(acc).Copula;
        using var first = Device.Allocate<long>([long.MaxValue]);
        copula.FindNonFinite(stream, values, first.View);
        long bad = Device.Download<long>(first.View, stream)[0];
        if (bad != long.MaxValue)
        {
            throw NonFinite(name, bad, cols, Device.Download(values.SubView(bad, 1), stream)[0]);
        }
        using var keys = acc.Allocate1D<long>(CopulaTransform.TempSize(rows, cols));
        using var order = acc.Allocate1D<int>(CopulaTransform.TempSize(rows, cols));
        copula.Launch(stream, values, rows, cols, keys.View, order.View);
        stream.Synchronize();
    }

    static PidInputException NonFinite(string name, long index, int cols, double value) =>
        new($"{name}: row {index / cols}, column {index % cols} is {value}; values must be finite.") { Row = index / cols, Column = (int)(index % cols), Value = value };

    static void CheckShape(long length, int rows, int cols, string name)
    {
        if (rows < 1 || cols < 1)
            throw new PidInputException($"{name}: a copula transform needs at least one row and one column (got {rows} × {cols}).");
        if (length != (long)rows * cols)
            throw new PidInputException($"{name}: {length} values is not {rows} rows × {cols} columns.");
    }
}
