using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Reduce;
using PidGpu.Tests.Support;
using PidGpu.Uncertainty;
using Xunit.Abstractions;
using PidGpu.Gaussianize;

namespace PidGpu.Tests;

/// <summary>
/// The device-resident route (<see cref="ResidentPidFlow"/>) on ILGPU's CPU accelerator, a real accelerator with its own
/// buffers: one layer's activations go up once, the atoms and intervals come down, and what else crosses is O(m²) per
/// subspace iteration, independent of N and d. Its atoms are those of <see cref="PidFlow"/> (host PCA by Jacobi).
/// </summary>
public class PidFlowResidentTests(ITestOutputHelper output)
{
    const int Rows = 2000, Width = 48, Components = 8, Bootstrap = 16;

    /// <summary>One layer: X1 and X2 mix 12 shared latent factors of decaying strength (so the correlation spectrum decays,
    /// as activations' do), Y reads three of them.</summary>
    internal static (ArrayMatrixSource X1, ArrayMatrixSource X2, ArrayMatrixSource Y) Layer(int rows, int width = Width)
    {
        const int latent = 12;
        var rng = new Random(5);
        double[,] Mixing() { var m = new double[width, latent]; for (int c = 0; c < width; c++) for (int r = 0; r < latent; r++) m[c, r] = FactorData.Gaussian(rng) * Math.Pow(0.7, r); return m; }
        var (a1, a2) = (Mixing(), Mixing());
        var x1 = new float[rows * width];
        var x2 = new float[rows * width];
        var y = new float[rows];
        var z = new double[latent];
        for (int i = 0; i < rows; i++)
        {
            for (int r = 0; r < latent; r++) z[r] = FactorData.Gaussian(rng);
            for (int c = 0; c < width; c++)
            {
                double v1 = 0.05 * FactorData.Gaussian(rng), v2 = 0.05 * FactorData.Gaussian(rng);
                for (int r = 0; r < latent; r++) { v1 += a1[c, r] * z[r]; v2 += a2[c, r] * z[r]; }
                x1[i * width + c] = (float)(3 + v1);
                x2[i * width + c] = (float)(-1 + 2 * v2);
            }
            y[i] = (float)(z[0] - z[1] + 0.5 * z[2] + 0.3 * FactorData.Gaussian(rng));
        }
        return (new(x1, width, "x1"), new(x2, width, "x2"), new(y, 1, "y"));
    }

    internal static PidFlowSettings Settings(PidDevice device, bool copula) => new()
    {
        PcaComponents = Components,
        Gaussianizer = copula ? new CopulaStage(device) : null,
        Measures = [PidMeasures.Mmi],
        Resampling = new ResamplingOptions(Bootstrap, 0, 7),
    };

    [Fact]
    public void OneLayer_UploadsTheActivationsOnce_DownloadsTheAtoms_AndMatchesPidFlow()
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        var (x1, x2, y) = Layer(Rows);
        var settings = Settings(device, copula: true);

        device.Transfers.Reset();
        var before = new PidFlow(device).Run(x1, x2, y, settings).Mmi!;
        output.WriteLine($"PidFlow (host back-ends): up {device.Transfers.UploadedBytes:N0} B in {device.Transfers.Uploads} copies, " +
            $"down {device.Transfers.DownloadedBytes:N0} B in {device.Transfers.Downloads}");

        device.Transfers.Reset();
        var result = new ResidentPidFlow(device).Run(x1, x2, y, settings);
        var after = result.Mmi!;
        long up = device.Transfers.UploadedBytes, down = device.Transfers.DownloadedBytes;
        output.WriteLine($"ResidentPidFlow: up {up:N0} B in {device.Transfers.Uploads} copies, down {down:N0} B in {device.Transfers.Downloads}; " +
            string.Join(", ", result.Variables.Select(v => $"{v.Name} {v.Iterations} iterations")));

        // What an algorithm needs beyond the activations and the atoms: O(m²) per subspace iteration and a few scalars.
        int m = Components + new PcaOptions().Oversampling;
        long eigen = result.Variables.Where(v => v.Eigenvalues is not null)
            .Sum(v => ResidentSubspace.StartBytes(m) + v.Iterations * ResidentSubspace.BytesPerIteration(m));
        const long scalars = 64;
        long activations = (long)Rows * (Width + Width + 1) * sizeof(float);
        long atoms = (1 + Bootstrap) * System.Runtime.InteropServices.Marshal.SizeOf<Kernels.Gaussian.GaussianPidOutcome>();
        Assert.InRange(up, activations, activations + eigen + scalars);
        Assert.InRange(down, atoms, atoms + eigen + scalars);
        Assert.All(result.Variables.Take(2), v => Assert.True(v.Converged, $"{v.Name}: residual {v.Residual}"));

        AssertSame(before.Atoms, after.Atoms, 12);
        Assert.Equal(before.Bootstrap!.R.Lower, after.Bootstrap!.R.Lower, 12);
        Assert.Equal(before.Bootstrap.S.Upper, after.Bootstrap.S.Upper, 12);
        Assert.Equal(before.Bootstrap.I.StandardError, after.Bootstrap.I.StandardError, 12);
    }

    [Fact]
    public void TwiceTheRowsAndColumns_MovesTheSameBytesBeyondTheActivations_PerIteration()
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        long Extra(int rows, int width, out ResidentFlowResult result)
        {
            var (x1, x2, y) = Layer(rows, width);
            device.Transfers.Reset();
            result = new ResidentPidFlow(device).Run(x1, x2, y, Settings(device, copula: true) with { Resampling = new() });
            long activations = (long)rows * (2 * width + 1) * sizeof(float);
            return device.Transfers.UploadedBytes - activations + device.Transfers.DownloadedBytes;
        }
        long small = Extra(Rows / 2, Width / 2, out var a), large = Extra(Rows, Width, out var b);
        // Only the iteration count may differ between the sizes; per iteration the bytes are the same.
        int m = Components + new PcaOptions().Oversampling;
        long PerIteration(ResidentFlowResult r) => r.Variables.Sum(v => v.Iterations) * 2 * ResidentSubspace.BytesPerIteration(m);
        Assert.InRange(Math.Abs(large - small), 0, Math.Abs(PerIteration(b) - PerIteration(a)) + 2 * ResidentSubspace.BytesPerIteration(m));
    }

    [Fact]
    public void WithoutCopula_MatchesPidFlow_ToTheEigensolverTolerance()
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        var (x1, x2, y) = Layer(Rows);
        var settings = Settings(device, copula: false) with { Resampling = new() };
        var before = new PidFlow(device).Run(x1, x2, y, settings).Mmi!.Atoms;
        var after = new ResidentPidFlow(device).Run(x1, x2, y, settings).Mmi!.Atoms;
        output.WriteLine($"I: {before.I:R} vs {after.I:R}; R: {before.R:R} vs {after.R:R}");
        AssertSame(before, after, 8);
    }

    [Fact]
    public void LowRankVariable_KeepsItsRealComponents_AsPidFlowDoes()
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        var (_, x2, y) = Layer(Rows);
        // Rank 3 in 48 columns, exactly (small integers, so the floats hold every value): the block of 16 meets null
        // directions, which the iteration must step around, and both routes keep 3 components.
        var rng = new Random(9);
        var mixing = Enumerable.Range(0, Width * 3).Select(_ => rng.Next(-3, 4)).ToArray();
        var values = new float[Rows * Width];
        for (int r = 0; r < Rows; r++)
        {
            int[] z = [rng.Next(-50, 51), rng.Next(-50, 51), rng.Next(-50, 51)];
            for (int c = 0; c < Width; c++) values[r * Width + c] = c + mixing[c * 3] * z[0] + mixing[c * 3 + 1] * z[1] + mixing[c * 3 + 2] * z[2];
        }
        var x1 = new ArrayMatrixSource(values, Width, "x1");
        var settings = Settings(device, copula: true) with { Resampling = new() };
        var before = new PidFlow(device).Run(x1, x2, y, settings);
        var after = new ResidentPidFlow(device).Run(x1, x2, y, settings);
        output.WriteLine($"before {string.Join(" ", before.Variables[0].Pca!.Eigenvalues.Select(v => v.ToString("R")))}; after {string.Join(" ", after.Variables[0].Eigenvalues!.Select(v => v.ToString("R")))}; " +
            $"{after.Variables[0].Iterations} iterations, residual {after.Variables[0].Residual}");
        Assert.Equal(3, before.Variables[0].Columns);
        Assert.Equal(3, after.Variables[0].Columns);
        Assert.True(after.Variables[0].Converged, $"residual {after.Variables[0].Residual}");
        Assert.Equal(before.Mmi!.Atoms.I, after.Mmi!.Atoms.I, 12);
        Assert.Equal(before.Mmi.Atoms.R, after.Mmi.Atoms.R, 12);
        Assert.Equal(before.Mmi.Atoms.S, after.Mmi.Atoms.S, 12);
    }

    [Fact]
    public void ConstantColumn_IsNamed()
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        var (x1, x2, y) = Layer(200);
        var values = x1.ReadAll();
        for (int r = 0; r < 200; r++) values[r * Width + 5] = 2f;
        var e = Assert.Throws<PidInputException>(() =>
            new ResidentPidFlow(device).Run(new ArrayMatrixSource(values, Width, "x1"), x2, y, Settings(device, copula: true)));
        Assert.Contains("column 5", e.Message);
        Assert.Equal(5, e.Column);
    }

    static void AssertSame(PidAtoms expected, PidAtoms actual, int digits)
    {
        Assert.True(expected.I > 0.5, $"I = {expected.I}: the layer should carry information about Y");
        Assert.Equal(expected.R, actual.R, digits);
        Assert.Equal(expected.U1, actual.U1, digits);
        Assert.Equal(expected.U2, actual.U2, digits);
        Assert.Equal(expected.S, actual.S, digits);
        Assert.Equal(expected.I, actual.I, digits);
    }
}
