using PidGpu.Models.Native;
using TorchSharp;

namespace PidGpu.Models;

/// <summary>Loads LibTorch once and turns native load failures into an actionable error.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>Initializes TorchSharp's CPU backend; throws <see cref="InvalidOperationException"/> if it cannot load.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidOperationException(Describe(ex), ex);
            }
            _loaded = true;
        }
    }

    /// <summary>Whether TorchSharp's CUDA backend is present and sees a GPU (false with the CPU-only LibTorch package).</summary>
    public static bool CudaAvailable()
    {
        EnsureLoaded();
        return torch.cuda.is_available();
    }

    private static string Describe(Exception ex)
    {
        string msg = $"TorchSharp could not load its native library ({ex.GetType().Name}: {ex.Message}).";
        string? copy = FindLibTorchSharp();
        if (copy is null)
            return msg + $" No {ElfVersionNeeds.TorchSharpLibrary} next to the app: reference the 'libtorch-cpu-linux-x64' package (via PidGpu.Models) from the executable/test project.";
        // The known Debian 12 failure: an unpatched copy needing GLIBCXX_3.4.32 from GCC 12's libstdc++.
        string? libstdcxx = ElfVersionNeeds.FindSystemLibStdCxx();
        if (libstdcxx != null && !ElfVersionNeeds.ContainsAscii(libstdcxx, ElfVersionNeeds.MissingVersion))
        {
            byte[] elf = File.ReadAllBytes(copy);
            long at = ElfVersionNeeds.FindFlagsOffset(elf, ElfVersionNeeds.MissingVersion);
            if (at >= 0 && (elf[at] & ElfVersionNeeds.VerFlgWeak) == 0)
                return msg + $" {copy} requires {ElfVersionNeeds.MissingVersion}, which {libstdcxx} lacks. It should have been" +
                    " patched by build/PatchLibTorchSharp.targets (imported from Directory.Build.targets): build or publish" +
                    " this project with the repo's dotnet build/publish (PidGpuPatchLibTorchSharp must not be 'false'). Do not upgrade the system libstdc++.";
        }
        return msg + $" Native library: {copy}. Check that libtorch-cpu-linux-x64 files (libtorch.so, libc10.so, libtorch_cpu.so) sit beside it.";
    }

    private static string? FindLibTorchSharp()
    {
        string baseDir = AppContext.BaseDirectory;
        foreach (string rel in new[] { "", "runtimes/linux-x64/native/" })
        {
            string path = Path.Combine(baseDir, rel, ElfVersionNeeds.TorchSharpLibrary);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
