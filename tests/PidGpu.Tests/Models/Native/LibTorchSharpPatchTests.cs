using PidGpu.Models.Native;

namespace PidGpu.Tests;

/// <summary>Checks the ELF edit of build/PatchLibTorchSharp.cs and that this build's copy was handled.</summary>
public class LibTorchSharpPatchTests
{
    private static string ShippedCopy()
    {
        foreach (string rel in new[] { "", "runtimes/linux-x64/native/" })
        {
            string path = Path.Combine(AppContext.BaseDirectory, rel, ElfVersionNeeds.TorchSharpLibrary);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("libLibTorchSharp.so not found in the test output.");
    }

    [Fact]
    public void MakeWeak_SetsOnlyTheTargetFlag_AndIsIdempotent()
    {
        byte[] elf = File.ReadAllBytes(ShippedCopy());
        long at = ElfVersionNeeds.FindFlagsOffset(elf, ElfVersionNeeds.MissingVersion);
        Assert.True(at > 0);
        elf[at] &= unchecked((byte)~ElfVersionNeeds.VerFlgWeak); // start from the unpatched state
        byte[] before = (byte[])elf.Clone();

        Assert.True(ElfVersionNeeds.MakeWeak(elf, ElfVersionNeeds.MissingVersion));
        Assert.Equal(ElfVersionNeeds.VerFlgWeak, elf[at] | elf[at + 1] << 8);
        Assert.Equal(1, before.Zip(elf).Count(p => p.First != p.Second)); // one byte changed
        Assert.False(ElfVersionNeeds.MakeWeak(elf, ElfVersionNeeds.MissingVersion));

        // Exact names only: a prefix such as GLIBCXX_3.4.3 is a different entry, a missing one is -1.
        Assert.NotEqual(at, ElfVersionNeeds.FindFlagsOffset(elf, "GLIBCXX_3.4.3"));
        Assert.Equal(-1, ElfVersionNeeds.FindFlagsOffset(elf, "GLIBCXX_9.9.99"));
    }

    [SkippableFact]
    public void ShippedCopy_IsWeakWhenSystemLibStdCxxLacksTheVersion()
    {
        string? lib = ElfVersionNeeds.FindSystemLibStdCxx();
        Skip.If(lib is null, "no system libstdc++ found: the build leaves the file alone");
        Skip.If(ElfVersionNeeds.ContainsAscii(lib!, ElfVersionNeeds.MissingVersion),
            $"the system libstdc++ has {ElfVersionNeeds.MissingVersion}: the build leaves the file alone");
        byte[] elf = File.ReadAllBytes(ShippedCopy());
        long at = ElfVersionNeeds.FindFlagsOffset(elf, ElfVersionNeeds.MissingVersion);
        Assert.Equal(ElfVersionNeeds.VerFlgWeak, elf[at] & ElfVersionNeeds.VerFlgWeak);
    }

    [SkippableFact]
    public void NuGetCacheCopy_IsNeverModified()
    {
        string cache = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", ElfVersionNeeds.TorchSharpLibrary);
        Skip.IfNot(File.Exists(cache), $"no TorchSharp copy at {cache} (a different NuGet cache layout)");
        byte[] elf = File.ReadAllBytes(cache);
        long at = ElfVersionNeeds.FindFlagsOffset(elf, ElfVersionNeeds.MissingVersion);
        Assert.Equal(0, elf[at] & ElfVersionNeeds.VerFlgWeak);
    }
}
