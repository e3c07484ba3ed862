// Marks the GLIBCXX_3.4.32 requirement of libLibTorchSharp.so as weak (VER_FLG_WEAK).
// TorchSharp 0.107.0 needs that version for one symbol, std::ios_base_library_init, a
// marker nothing calls; GCC 12's libstdc++ (Debian 12) lacks it, so dlopen fails. With the
// weak flag the loader only notes the missing version. This one file is compiled twice:
// as the MSBuild inline task of build/PatchLibTorchSharp.targets, and into PidGpu.Models
// (with PIDGPU_NO_BUILD_TASK) so TorchRuntime can diagnose an unpatched copy and tests can
// exercise the ELF code. Keep it netstandard2.0-compatible and free of other dependencies.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PidGpu.Models.Native
{
    /// <summary>Reads and edits the Vernaux entries of .gnu.version_r in an ELF64 little-endian file.</summary>
    internal static class ElfVersionNeeds
    {
        public const string TorchSharpLibrary = "libLibTorchSharp.so";
        public const string MissingVersion = "GLIBCXX_3.4.32";
        public const ushort VerFlgWeak = 0x2;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Byte offset of vna_flags of the Vernaux naming <paramref name="version"/>, or -1.</summary>
        public static long FindFlagsOffset(byte[] elf, string version)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("Not an ELF file.");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("Only ELF64 little-endian is supported.");
            long shoff = (long)U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
            byte[] wanted = Encoding.ASCII.GetBytes(version);
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (U32(elf, sh + 4) != ShtGnuVerneed) continue;
                long strtab = (long)U64(elf, shoff + (long)U32(elf, sh + 40) * shentsize + 24);
                long vn = (long)U64(elf, sh + 24);
                for (uint n = U32(elf, sh + 44); n > 0; n--) // sh_info = number of Verneed entries
                {
                    long aux = vn + U32(elf, vn + 8);
                    for (int a = U16(elf, vn + 2); a > 0; a--)
                    {
                        if (NameEquals(elf, strtab + U32(elf, aux + 8), wanted)) return aux + 4;
                        aux += U32(elf, aux + 12);
                    }
                    vn += U32(elf, vn + 12);
                }
            }
            return -1;
        }

        /// <summary>Sets VER_FLG_WEAK on <paramref name="version"/>; false when absent or already weak.</summary>
        public static bool MakeWeak(byte[] elf, string version)
        {
            long at = FindFlagsOffset(elf, version);
            if (at < 0 || (U16(elf, at) & VerFlgWeak) != 0) return false;
            elf[at] |= (byte)VerFlgWeak; // low byte of the little-endian vna_flags
            return true;
        }

        /// <summary>Path of the system libstdc++.so.6 the loader would use by default, or null.</summary>
        public static string? FindSystemLibStdCxx()
        {
            foreach (string dir in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" })
            {
                string path = Path.Combine(dir, "libstdc++.so.6");
                if (File.Exists(path)) return path;
            }
            return null;
        }

        /// <summary>True when the file mentions <paramref name="version"/> (its verdef string).</summary>
        public static bool ContainsAscii(string path, string version)
        {
            byte[] data = File.ReadAllBytes(path), wanted = Encoding.ASCII.GetBytes(version);
            for (int i = 0; i + wanted.Length < data.Length; i++)
                if (NameEquals(data, i, wanted)) return true;
            return false;
        }

        // Exact match: the bytes, then the NUL terminator (GLIBCXX_3.4.3 must not match 3.4.32).
        private static bool NameEquals(byte[] data, long at, byte[] wanted)
        {
            if (at < 0 || at + wanted.Length >= data.Length) return false;
            for (int k = 0; k < wanted.Length; k++)
                if (data[at + k] != wanted[k]) return false;
            return data[at + wanted.Length] == 0;
        }

        private static void Check(byte[] d, long at, int size)
        {
            if (at < 0 || at + size > d.Length) throw new InvalidDataException("Truncated or malformed ELF file.");
        }

        private static ushort U16(byte[] d, long at) { Check(d, at, 2); return (ushort)(d[at] | d[at + 1] << 8); }
        private static uint U32(byte[] d, long at) { Check(d, at, 4); return (uint)(U16(d, at) | U16(d, at + 2) << 16); }
        private static ulong U64(byte[] d, long at) { Check(d, at, 8); return U32(d, at) | (ulong)U32(d, at + 4) << 32; }
    }

#if !PIDGPU_NO_BUILD_TASK
    /// <summary>
    /// For each libLibTorchSharp.so item, writes a patched copy under OutputDirectory and returns
    /// items pointing at it (metadata kept), so MSBuild copies that instead of the NuGet cache file,
    /// which is never modified. Items that need no patch are returned unchanged.
    /// </summary>
    public class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Sources { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();
        [Microsoft.Build.Framework.Required] public string OutputDirectory { get; set; } = "";
        /// <summary>auto: patch unless the build host's libstdc++ has GLIBCXX_3.4.32; true: always.</summary>
        public string Mode { get; set; } = "auto";
        [Microsoft.Build.Framework.Output] public Microsoft.Build.Framework.ITaskItem[] Result { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        public override bool Execute()
        {
            if (Mode == "auto")
            {
                // Unknown host libstdc++ (cross-build): patch anyway; the weak flag is harmless where the version exists.
                string? lib = ElfVersionNeeds.FindSystemLibStdCxx();
                if (lib != null && ElfVersionNeeds.ContainsAscii(lib, ElfVersionNeeds.MissingVersion))
                {
                    Result = Sources;
                    return true;
                }
            }
            var result = new List<Microsoft.Build.Framework.ITaskItem>();
            foreach (var source in Sources)
            {
                string from = source.GetMetadata("FullPath");
                byte[] elf = File.ReadAllBytes(from);
                if (!ElfVersionNeeds.MakeWeak(elf, ElfVersionNeeds.MissingVersion))
                {
                    result.Add(source); // no such requirement, or already weak
                    continue;
                }
                // One folder per source path; the file name must stay libLibTorchSharp.so.
                string to = Path.Combine(Path.GetFullPath(OutputDirectory), Fnv(from), ElfVersionNeeds.TorchSharpLibrary);
                if (!File.Exists(to) || !SameBytes(File.ReadAllBytes(to), elf))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.Delete(to); // fresh inode: never write through a link
                    File.WriteAllBytes(to, elf);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        $"PidGpu: marked {ElfVersionNeeds.MissingVersion} weak in a copy of {ElfVersionNeeds.TorchSharpLibrary} ({to}) so it loads with this system's older libstdc++.");
                }
                var item = new Microsoft.Build.Utilities.TaskItem(to);
                source.CopyMetadataTo(item);
                result.Add(item);
            }
            Result = result.ToArray();
            return !Log.HasLoggedErrors;
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        private static string Fnv(string s)
        {
            uint h = 2166136261;
            foreach (char c in s) h = (h ^ c) * 16777619;
            return h.ToString("x8");
        }
    }
#endif
}
