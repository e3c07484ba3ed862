using System.Runtime;
using PidGpu.Models;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// TorchGc holds collections off for a unit of TorchSharp work (see its summary for the TorchSharp Scalar race it guards
/// against): inside a hold the runtime is in a no-GC region with the default budget, nested holds share it, and the region
/// closes with the last hold. Non-parallel: the region is process-wide.
/// </summary>
[Collection(TorchSerialCollection.Name)]
public class TorchGcTests
{
    [Fact]
    public void Hold_OpensANoGcRegion_NestedHoldsShareIt_LastOneClosesIt()
    {
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        int before = GC.CollectionCount(0);
        using (TorchGc.Hold())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            int opened = GC.CollectionCount(0); // opening the region may collect once, on this thread
            using (TorchGc.Hold())
            {
                // Allocation well inside the budget triggers no collection.
                var keep = new List<byte[]>();
                for (int i = 0; i < 64; i++) keep.Add(new byte[64 * 1024]);
                Assert.Equal(opened, GC.CollectionCount(0));
                GC.KeepAlive(keep);
            }
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        Assert.True(GC.CollectionCount(0) >= before);
    }

    [Fact]
    public void Hold_WhoseBudgetRunsOut_EndsQuietly()
    {
        using (TorchGc.Hold(budget: 1 << 20))
        {
            var keep = new List<byte[]>();
            for (int i = 0; i < 64; i++) keep.Add(new byte[64 * 1024]); // 4 MiB > 1 MiB: the runtime collects and the region lapses
            GC.KeepAlive(keep);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        // The lapsed region was ended, so the next hold opens a fresh one.
        using (TorchGc.Hold())
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
