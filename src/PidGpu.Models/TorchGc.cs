namespace PidGpu.Models;

/// <summary>
/// Holds garbage collection off during a unit of TorchSharp work (a training step, a forward batch). Why: TorchSharp 0.107
/// hands numbers to LibTorch as native Scalars that nothing keeps alive during the native call; its own operators make one
/// for every tensor <c>+</c> (the alpha). A collection on another thread (the finalizer's, say) while the call runs can
/// finalize that Scalar, and LibTorch then reads freed memory: "Expected false to be true ... toLong/toFloat at Scalar.h".
/// Seen after 9,000 training steps on an idle machine and after 100–400 steps with two trainings sharing two cores. Objects
/// can only be finalized after a collection finds them dead, so with no collection inside the unit, nothing the unit creates
/// is freed before it ends. The collection that opens the region runs on the calling thread, between units.
/// Units may overlap on several threads (parallel tests): the region opens with the first and closes with the last.
/// </summary>
public static class TorchGc
{
    /// <summary>Managed bytes a unit may allocate before the runtime collects anyway (the guard then lapses for that unit).</summary>
    public const long DefaultBudget = 64L << 20;

    private static readonly Lock Gate = new();
    private static int _holders;
    private static bool _open; // this class opened the current region (it may have lapsed since)

    public static Scope Hold(long budget = DefaultBudget)
    {
        lock (Gate)
        {
            if (_holders++ == 0)
                _open = TryOpen(budget);
        }
        return new Scope();
    }

    private static void Release()
    {
        lock (Gate)
        {
            if (--_holders > 0 || !_open) return;
            _open = false;
            // A region that lapsed (its budget ran out) must still be ended, or the runtime refuses the next one;
            // ending it then throws, and that is expected.
            try { GC.EndNoGCRegion(); }
            catch (InvalidOperationException) { }
        }
    }

    private static bool TryOpen(long budget)
    {
        try { return GC.TryStartNoGCRegion(budget); }
        catch (InvalidOperationException) { return false; } // a region opened by someone else: leave it to them
    }

    /// <summary>Ends the hold when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        public void Dispose() => Release();
    }
}
