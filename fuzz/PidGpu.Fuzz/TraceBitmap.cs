using SharpFuzz.Common;

namespace PidGpu.Fuzz;

/// <summary>
/// The edge-coverage bitmap that SharpFuzz's instrumentation writes. An instrumented branch does
/// <c>Trace.SharedMem[id ^ Trace.PrevLocation]++</c>, so the pointer must be set before any instrumented code runs;
/// under afl-fuzz it would be AFL's shared memory, here it is a buffer of this process that the fuzzer reads after
/// each input.
/// </summary>
static unsafe class TraceBitmap
{
    /// <summary>SharpFuzz's map size: branch identifiers are drawn below it.</summary>
    public const int Size = 1 << 16;

    static byte* buffer;

    /// <summary>Points SharpFuzz's trace at a zeroed buffer of this process (kept for the process's lifetime).</summary>
    public static void Install()
    {
        if (buffer != null) return;
        buffer = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(Size);
        Trace.SharedMem = buffer;
        Trace.PrevLocation = 0;
    }

    /// <summary>Hit counts of the edges since the last <see cref="Clear"/>.</summary>
    public static ReadOnlySpan<byte> Hits => new(buffer, Size);

    /// <summary>Forgets the previous input's edges; the next branch starts a fresh path.</summary>
    public static void Clear()
    {
        new Span<byte>(buffer, Size).Clear();
        Trace.PrevLocation = 0;
    }

    /// <summary>
    /// Whether the reader assemblies were instrumented by the sharpfuzz tool (scripts/fuzz.sh does it on copies):
    /// only then do they reference SharpFuzz.Common. The harness run from its plain build output has no coverage.
    /// </summary>
    public static bool ReadersInstrumented =>
        new[] { typeof(PidInputException).Assembly, typeof(Models.Llava.LlavaConfig).Assembly }.All(a =>
            a.GetReferencedAssemblies().Any(r => r.Name == typeof(Trace).Assembly.GetName().Name));
}
