using System.Runtime.InteropServices;

namespace PidGpu.Models.Llava;

/// <summary>
/// Hands freed native heap memory back to the system (glibc's <c>malloc_trim</c>). A load that maps the weights frees the
/// randomly initialised parameters it replaces; blocks below glibc's mmap threshold would otherwise stay resident beside the
/// mapping. Elsewhere than glibc on Linux it does nothing.
/// </summary>
internal static class NativeHeap
{
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { _ = MallocTrim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { /* not glibc: nothing to trim this way */ }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);
}
