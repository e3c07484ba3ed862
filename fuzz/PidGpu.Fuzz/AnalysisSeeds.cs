using PidGpu.Report;
using PidGpu.Models.Capture;
using PidGpu.Uncertainty;

namespace PidGpu.Fuzz;

/// <summary>
/// The files one pidgpu command hands to the next: a run's <c>results.json</c> and <c>layers.csv</c> (read by report,
/// compare and <c>--resume</c>) and a capture folder (<c>states.safetensors</c> and <c>samples.jsonl</c>, read by
/// <c>analyze --states</c>), each written by the library's own writer.
/// </summary>
static class AnalysisSeeds
{
    public static void Write(string root)
    {
        var temp = Directory.CreateTempSubdirectory("pidgpu-fuzz-seed-");
        try
        {
            var results = Results();
            string json = Path.Combine(temp.FullName, RunResults.ResultsFileName), csv = Path.Combine(temp.FullName, RunResults.LayersFileName);
            ResultsJson.Write(json, results);
            LayersCsv.Write(csv, results.Records);
            CorpusWriter.Bytes(root, "results-json", RunResults.ResultsFileName, File.ReadAllBytes(json));
            CorpusWriter.Bytes(root, "layers-csv", RunResults.LayersFileName, File.ReadAllBytes(csv));

            string capture = Path.Combine(temp.FullName, "capture");
            WriteStates(capture, Path.Combine(temp.FullName, "spill"));
            byte[] states = File.ReadAllBytes(Path.Combine(capture, CapturedStates.StatesFile));
            byte[] samples = File.ReadAllBytes(Path.Combine(capture, CapturedStates.SamplesFile));
            CorpusWriter.Bytes(root, "capture-states", CapturedStates.StatesFile, states);
            CorpusWriter.Bytes(root, "capture-states", Path.Combine("beside", CapturedStates.SamplesFile), samples);
            CorpusWriter.Bytes(root, "capture-samples", CapturedStates.SamplesFile, samples);
            CorpusWriter.Bytes(root, "capture-samples", Path.Combine("beside", CapturedStates.StatesFile), states);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>Two layers, one with intervals, null quantiles and accuracy, one a knockout with none.</summary>
    static RunResults Results()
    {
        var settings = new RunSettings(new Dictionary<string, string> { ["bins"] = "8", ["pca"] = "8" },
            new Dictionary<string, long> { ["bootstrap"] = 7 }, "cpu", new Dictionary<string, string> { ["pidgpu"] = "0.1.0" },
            new Dictionary<string, double> { ["estimate"] = 0.25 }, Partial: false);
        var full = new LayerRecord("tiny-vlm", "Spatial", 0, "intact", 0.5, 0.125, 0.25, 0.0625, 0.9375, 16)
        {
            Accuracy = 0.75,
            Lower = new AtomValues(0.25, 0, 0.125, 0, 0.5),
            Upper = new AtomValues(0.75, 0.25, 0.5, 0.125, 1.25),
            NullUpper = new AtomValues(0.1, 0.05, 0.05, 0.02, 0.2),
        };
        var knockout = new LayerRecord("tiny-vlm", "Attribute", 3, "knockout:0-2", 1e-3, 0, 2.5e-1, 1, 1.251, 4);
        return new RunResults(settings, [full, knockout]);
    }

    /// <summary>Three layers of two samples, 2 wide, written through the capture's own spill.</summary>
    static void WriteStates(string capture, string spillFolder)
    {
        const int layers = 3, d = 2;
        // Sample s's row in layer l, as [layer l of sample 0 | layer l of sample 1] = [l + offset, 1 | -2, 0.5].
        float[] Row(int sample, float offset) =>
            [.. Enumerable.Range(0, layers).SelectMany(l => sample == 0 ? new[] { l + offset, 1f } : [-2f, 0.5f])];
        CapturedSample[] samples = [new("q1", "Spatial", "left", "left", true), new("q2", "Attribute", "red", "blue", false)];
        float[] y = [1.5f, -0.25f];
        var accuracy = new Dictionary<string, TaskAccuracy> { ["Spatial"] = new(1, 1), ["Attribute"] = new(1, 0) };
        var info = new CaptureInfo("tiny-vlm", RegionPooling.Mean, AllAnswers: true, "float32", "USER: <image>\n{question}", accuracy);
        using (var spill = StatesSpill.Open(spillFolder, layers, d, SpillMark.Empty))
        {
            for (int i = 0; i < samples.Length; i++) spill.Append(samples[i], y[i], Row(i, 0), Row(i, 0.5f));
            spill.WriteStates(capture, info).Dispose();
        }
        StatesSpill.Delete(spillFolder);
    }
}
