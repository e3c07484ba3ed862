using PidGpu.Device;
using PidGpu.Pipeline;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The PCA route of PID Flow streams its input: the covariance and the projection read bounded row chunks, and a streamed
/// source gives the atoms of the same matrix held in memory (memory per row: <see cref="PidFlowAllocationTests"/>).
/// </summary>
public class PidFlowStreamingTests
{
    internal const int Width = 64, Components = 8;

    internal static (GeneratedMatrixSource X1, GeneratedMatrixSource X2, GeneratedMatrixSource Y) Sources(long rows) =>
        (new(rows, Width, 11, "x1"), new(rows, Width, 12, "x2"), new(rows, 1, 13, "y"));

    [Fact]
    public void Streamed_ReadsBoundedChunks_AndMatchesTheInMemoryMatrices()
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        var (x1, x2, y) = Sources(30_000);
        var settings = new PidFlowSettings { PcaComponents = Components };
        var streamed = new PidFlow(device).Run(x1, x2, y, settings).Mmi!.Atoms;
        // 2^22 floats per chunk (PcaOptions.ChunkValues) of 64 columns: at most 65,536 rows per read, whatever N.
        Assert.InRange(x1.LargestReadRows, 1, (1 << 22) / Width);
        Assert.InRange(y.LargestReadRows, 1, 1 << 20);
        var inMemory = new PidFlow(device).Run(new ArrayMatrixSource(x1.ReadAllValues(), Width), new ArrayMatrixSource(x2.ReadAllValues(), Width),
            new ArrayMatrixSource(y.ReadAllValues(), 1), settings).Mmi!.Atoms;
        Assert.True(streamed.I > 0.1, $"I = {streamed.I}: the generated variables should share information");
        Assert.Equal(inMemory.R, streamed.R, 12);
        Assert.Equal(inMemory.U1, streamed.U1, 12);
        Assert.Equal(inMemory.U2, streamed.U2, 12);
        Assert.Equal(inMemory.S, streamed.S, 12);
        Assert.Equal(inMemory.I, streamed.I, 12);
    }
}
