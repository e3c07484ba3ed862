using PidGpu.Report;
using PidGpu.Capture;
using PidGpu.Formats;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;

namespace PidGpu.Fuzz;

/// <summary>Every file reader of the library and the model code, each called the way the CLI calls it.</summary>
static class FuzzTargets
{
    const string Prompt = "USER: <image>\nIs the red cube left?";

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("npy", "input.npy", path => ReadMatrix(ArrayFile.Open(path))),
        new("safetensors", "input.safetensors", ReadSafetensors),
        new("joint-json", "joint.json", path => JointJsonReader.Read(path)),
        new("counts-csv", "samples.csv", path => CountsCsvReader.Read(path)),
        new("float-column", "column.txt", path => FloatColumnReader.Read(path)),
        new("float-csv-column", "table.csv", path => FloatColumnReader.Read(path + ":b")),
        new("gqa-questions", "questions.json", path => QuestionFile.Read(path, Path.Combine(Folder(path), "images"))),
        new("jsonl-questions", "questions.jsonl", path => QuestionFile.Read(path)),
        new("tokenizer-json", HfTokenizerFiles.TokenizerJson, LoadTokenizer),
        new("tokenizer-config", HfTokenizerFiles.ConfigJson, path => HfTokenizerFiles.Read(Folder(path))),
        new("added-tokens", HfTokenizerFiles.AddedTokensJson, path => HfTokenizerFiles.Read(Folder(path))),
        new("llava-config", "config.json", path => LlavaConfig.Load(Folder(path))),
        new("checkpoint-index", LlavaCheckpoint.IndexFile, path => LlavaCheckpoint.Load(Folder(path)).Dispose()),
        new("checkpoint-safetensors", LlavaCheckpoint.SingleFile, path => LlavaCheckpoint.Load(Folder(path)).Dispose()),
        new("results-json", RunResults.ResultsFileName, path => ResultsJson.Read(path)),
        new("layers-csv", RunResults.LayersFileName, path => LayersCsv.Read(path)),
        new("capture-states", CapturedStates.StatesFile, path => CapturedStates.Load(Folder(path))),
        new("capture-samples", CapturedStates.SamplesFile, path => CapturedStates.Load(Folder(path))),
    ];

    static string Folder(string path) => Path.GetDirectoryName(path)!;

    /// <summary>The data behind the header too: the header's promises about it are what a reader must check.</summary>
    static void ReadMatrix(IMatrixSource matrix)
    {
        using (matrix)
        {
            matrix.ReadAll();
            matrix.FindFirstNonFinite();
        }
    }

    static void ReadSafetensors(string path)
    {
        foreach (var name in SafetensorsReader.TensorNames(path).Take(8))
            ReadMatrix(SafetensorsReader.Open(path, name));
    }

    static void LoadTokenizer(string path)
    {
        using var tokenizer = HfTokenizer.Load(Folder(path));
        tokenizer.Decode(tokenizer.Encode(Prompt));
        tokenizer.EncodePlain(Prompt);
    }
}
