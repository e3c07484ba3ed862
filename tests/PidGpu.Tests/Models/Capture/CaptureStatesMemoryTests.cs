using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Memory of captures and of their analysis does not grow with the run: a capture spills each sample's layers to disk as it
/// comes and writes the layer-major states file a block at a time; loading a states file and reading one layer allocate one
/// layer's bytes, not all L+1 layers'. Files with many layers make the difference a factor of ten or more, not a timing. The
/// bytes are checked against the safetensors layout read by hand, and a spill cut back to a checkpoint gives the same file.
/// </summary>
public sealed class CaptureStatesMemoryTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    static readonly CaptureInfo Info = new("synthetic", RegionPooling.Mean, false, "f32", "t",
        new Dictionary<string, TaskAccuracy> { ["A"] = new(10, 9) });

    // A distinct, exactly representable value per (sample, layer, region, column).
    static float Value(int sample, int layer, int region, int column) => sample * 1000f + layer * 10f + region * 5f + column / 256f;

    static CapturedSample Sample(int i) => new($"q{i}", i % 3 == 0 ? "A" : "B", "yes", "yes", true);

    static void Fill(float[] row, int sample, int layers, int d, int region)
    {
        for (int l = 0; l < layers; l++)
            for (int c = 0; c < d; c++) row[l * d + c] = Value(sample, l, region, c);
    }

    static void AppendRows(StatesSpill spill, int first, int count, int layers, int d, float[] vision, float[] language)
    {
        for (int i = first; i < first + count; i++)
        {
            Fill(vision, i, layers, d, 0);
            Fill(language, i, layers, d, 1);
            spill.Append(Sample(i), i * 0.5f, vision, language);
        }
    }

    [Fact]
    public void Capture_SpillsRows_AndWritesTheStatesFile_WithoutHoldingTheRun()
    {
        const int n = 400, layers = 64, d = 128;
        long run = 2L * n * layers * d * 4; // 26 MB of states
        string spillFolder = temp.File("spill"), output = temp.File("states");
        var vision = new float[layers * d];
        var language = new float[layers * d];
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var spill = StatesSpill.Open(spillFolder, layers, d, SpillMark.Empty))
        {
            AppendRows(spill, 0, n, layers, d, vision, language);
            spill.WriteStates(output, Info).Dispose();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < run / 8, $"the capture allocated {allocated} bytes for {run} bytes of states");

        // The layout by hand: x_v and x_l [L+1, N, d] layer-major, y [N], as capture has always written them.
        var bytes = File.ReadAllBytes(Path.Combine(output, CapturedStates.StatesFile));
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        float At(string tensor, long index)
        {
            long begin = header.RootElement.GetProperty(tensor).GetProperty("data_offsets")[0].GetInt64();
            return BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(8 + headerLength + begin + index * 4), 4));
        }
        Assert.Equal($"[{layers},{n},{d}]", header.RootElement.GetProperty("x_v").GetProperty("shape").GetRawText());
        Assert.Equal("pidgpu-states", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        foreach (var (i, l, c) in new[] { (0, 0, 0), (17, 5, 3), (n - 1, layers - 1, d - 1), (300, 40, 64) })
        {
            Assert.Equal(Value(i, l, 0, c), At("x_v", ((long)l * n + i) * d + c));
            Assert.Equal(Value(i, l, 1, c), At("x_l", ((long)l * n + i) * d + c));
            Assert.Equal(i * 0.5f, At("y", i));
        }
        Assert.Equal(Enumerable.Range(0, n).Select(i => JsonSerializer.Serialize(Sample(i))),
            File.ReadAllLines(Path.Combine(output, CapturedStates.SamplesFile)));
    }

    [Fact]
    public void LoadAndReadOneLayer_AllocateOneLayer_NotAllLayers()
    {
        const int n = 256, layers = 48, d = 256;
        long layerBytes = (long)n * d * 4, all = 2 * layers * layerBytes; // 256 KB of 24 MB
        string output = temp.File("states");
        using (var spill = StatesSpill.Open(temp.File("spill"), layers, d, SpillMark.Empty))
        {
            AppendRows(spill, 0, n, layers, d, new float[layers * d], new float[layers * d]);
            spill.WriteStates(output, Info).Dispose();
        }
        int[] rows = Enumerable.Range(0, n).Where(i => i % 3 != 1).ToArray(); // runs of two and gaps

        long before = GC.GetAllocatedBytesForCurrentThread();
        using var states = CapturedStates.Load(output);
        var layer = states.ReadLayer(30, StateRegion.Language);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 2 * layerBytes && allocated < all / 20, $"load and one layer allocated {allocated} bytes; a layer is {layerBytes}, all {all}");

        before = GC.GetAllocatedBytesForCurrentThread();
        var subset = states.ReadLayer(7, StateRegion.Vision, rows);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (long)rows.Length * d * 4 + 4096, $"a subset of {rows.Length} rows allocated {allocated} bytes");

        Assert.Equal((layers, d, n), (states.LayerCount, states.HiddenSize, states.Samples.Count));
        for (int i = 0; i < n; i += 37)
            for (int c = 0; c < d; c += 51) Assert.Equal(Value(i, 30, 1, c), layer[i * d + c]);
        for (int j = 0; j < rows.Length; j++)
            for (int c = 0; c < d; c += 85) Assert.Equal(Value(rows[j], 7, 0, c), subset[j * d + c]);
        Assert.Equal(Enumerable.Range(0, n).Select(i => i * 0.5f), states.Target);
        Assert.Throws<ArgumentOutOfRangeException>(() => states.ReadLayer(layers, StateRegion.Vision));
    }

    [Fact]
    public void Spill_CutBackToACheckpoint_AndContinued_WritesTheUninterruptedFile()
    {
        const int n = 10, layers = 4, d = 6;
        var vision = new float[layers * d];
        var language = new float[layers * d];
        using (var whole = StatesSpill.Open(temp.File("whole-spill"), layers, d, SpillMark.Empty))
        {
            AppendRows(whole, 0, n, layers, d, vision, language);
            whole.WriteStates(temp.File("whole"), Info).Dispose();
        }

        string folder = temp.File("spill");
        SpillMark mark;
        using (var killed = StatesSpill.Open(folder, layers, d, SpillMark.Empty))
        {
            AppendRows(killed, 0, 6, layers, d, vision, language);
            mark = killed.Mark();
            AppendRows(killed, 6, 3, layers, d, vision, language); // past the checkpoint: a resume runs these again
        }
        using (var resumed = StatesSpill.Open(folder, layers, d, mark))
        {
            Assert.Equal(6, resumed.Rows);
            Assert.Equal("q5", resumed.Samples[^1].Id);
            AppendRows(resumed, 6, n - 6, layers, d, vision, language);
            resumed.WriteStates(temp.File("resumed"), Info).Dispose();
        }
        foreach (var file in new[] { CapturedStates.StatesFile, CapturedStates.SamplesFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File("whole"), file)), File.ReadAllBytes(Path.Combine(temp.File("resumed"), file)));

        // A checkpoint whose spill is gone cannot be resumed: said, not a crash.
        StatesSpill.Delete(folder);
        var e = Assert.Throws<PidInputException>(() => StatesSpill.Open(folder, layers, d, mark));
        Assert.Equal(CheckpointSettings.ResumeSetting, e.Setting);
        Assert.Equal("false", e.SuggestedValue); // only starting over helps
    }
}
