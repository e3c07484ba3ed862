using PidGpu.Device;
using PidGpu.Pipeline;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// PID Flow's PCA route keeps only the reduced N×k data per row: what it allocates grows with N by those (8 + 8 + 1 doubles
/// a row here), never by the input's width (64 + 64 + 1 floats) or by further copies of the reduced data.
/// </summary>
[Collection(AllocationSerialCollection.Name)]
public class PidFlowAllocationTests
{
    [Fact]
    public void AllocatedMemory_GrowsPerRowOnlyByTheReducedData()
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        var settings = new PidFlowSettings { PcaComponents = PidFlowStreamingTests.Components };
        long Allocated(long rows)
        {
            var (x1, x2, y) = PidFlowStreamingTests.Sources(rows);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            new PidFlow(device).Run(x1, x2, y, settings);
            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        Allocated(5_000); // JIT and kernel compilation
        // Both above the 65,536-row chunk, so the chunk buffers are the same size in both runs.
        long small = 70_000, large = 140_000;
        double perRow = (double)(Allocated(large) - Allocated(small)) / (large - small);
        // The reduced data (8 + 8 + 1 doubles a row) must stay: 136 bytes. The input is 4 × 129 = 516 bytes a row.
        double reduced = 8.0 * (2 * PidFlowStreamingTests.Components + 1);
        Assert.True(perRow <= 1.5 * reduced, $"{perRow:F0} bytes allocated per extra row; the reduced data are {reduced} bytes a row");
    }
}
