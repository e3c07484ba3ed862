using System.Globalization;
using System.Runtime.InteropServices;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Llava;
using PidGpu.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>
/// Loading memory-maps the weights instead of copying them when the checkpoint holds the model's dtype: every parameter's storage
/// lies inside a mapping of the safetensors file (read from /proc/self/maps), while a load into another dtype copies; both hold the
/// same values. Saving over the file a loaded model maps leaves the model's values as they were (the writer renames a new file in).
/// </summary>
[Collection(TorchSerialCollection.Name)]
public sealed class LlavaCheckpointMappingTests : IDisposable
{
    readonly TempFolder temp = new();

    public LlavaCheckpointMappingTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    [DllImport("LibTorchSharp")]
    static extern IntPtr THSStorage_data_ptr(IntPtr tensor);

    [Theory]
    [InlineData(ArrayDType.BFloat16, ScalarType.BFloat16, ScalarType.Float32)]
    [InlineData(ArrayDType.Float32, ScalarType.Float32, ScalarType.BFloat16)]
    public void SameDtype_IsMappedFromTheFile_AnotherDtype_IsCopied_WithTheSameValues(ArrayDType stored, ScalarType same, ScalarType other)
    {
        string dir = temp.File("model");
        TinyHfLlava.Write(dir, 5, stored);
        string file = Path.Combine(dir, LlavaCheckpoint.SingleFile);
        using var mapped = LlavaCheckpoint.Load(dir, same);
        using var copied = LlavaCheckpoint.Load(dir, other);
        var ranges = Mappings(file);
        Assert.NotEmpty(ranges);
        var a = mapped.named_parameters().ToList();
        var b = copied.named_parameters().ToList();
        Assert.Equal(a.Select(p => p.name), b.Select(p => p.name));
        foreach (var ((name, x), (_, y)) in a.Zip(b))
        {
            Assert.True(InsideAny(x, ranges), $"{name} is not in a mapping of {file}");
            Assert.False(InsideAny(y, ranges), $"{name}, loaded as {other}, points into the file");
            using var xs = x.to(ScalarType.Float32);
            using var ys = y.to(ScalarType.Float32);
            if (stored == ArrayDType.BFloat16) Assert.True(xs.allclose(ys, 0, 0), name); // BF16 → F32 is exact
            else
            {
                using var rounded = x.to(ScalarType.BFloat16).to(ScalarType.Float32);
                Assert.True(rounded.allclose(ys, 0, 0), name);
            }
        }

        // Saving over the mapped file (new values) must not change the model that maps the old one.
        using var before = a.Single(p => p.name.EndsWith("lm_head.weight", StringComparison.Ordinal)).parameter.to(ScalarType.Float32);
        TinyHfLlava.Write(dir, 6, stored);
        using var after = a.Single(p => p.name.EndsWith("lm_head.weight", StringComparison.Ordinal)).parameter.to(ScalarType.Float32);
        Assert.True(before.allclose(after, 0, 0));
        using var reloaded = LlavaCheckpoint.Load(dir, same);
        using var fresh = reloaded.named_parameters().Single(p => p.name.EndsWith("lm_head.weight", StringComparison.Ordinal)).parameter.to(ScalarType.Float32);
        Assert.False(fresh.allclose(before, 0, 0));
    }

    static bool InsideAny(Tensor t, List<(ulong Start, ulong End)> ranges)
    {
        ulong at = (ulong)THSStorage_data_ptr(t.Handle) + (ulong)(t.storage_offset() * t.ElementSize);
        return ranges.Any(r => at >= r.Start && at < r.End);
    }

    // Address ranges of this process's mappings of the file (Linux).
    static List<(ulong Start, ulong End)> Mappings(string file)
    {
        string full = Path.GetFullPath(file);
        var ranges = new List<(ulong, ulong)>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            if (!line.EndsWith(" " + full, StringComparison.Ordinal)) continue;
            var span = line[..line.IndexOf(' ')].Split('-');
            ranges.Add((ulong.Parse(span[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), ulong.Parse(span[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        }
        return ranges;
    }
}
