using System.Text.Json;

namespace PidGpu.Models.Capture;

/// <summary>How a capture was made, kept in the states file's metadata: model name, pooling, which answers were kept, the
/// forward dtype, the template, and each task's accuracy over every sample that went through the model.</summary>
public sealed record CaptureInfo(string Model, RegionPooling Pooling, bool AllAnswers, string DType, string Template,
    IReadOnlyDictionary<string, TaskAccuracy> Accuracy)
{
    internal Dictionary<string, string> ToMetadata(string format) => new()
    {
        ["format"] = format,
        ["model"] = Model,
        ["pooling"] = Pooling.ToString().ToLowerInvariant(),
        ["answers"] = AllAnswers ? "all" : "correct",
        ["dtype"] = DType,
        ["template"] = Template,
        ["accuracy"] = JsonSerializer.Serialize(Accuracy),
    };

    internal static CaptureInfo FromMetadata(IReadOnlyDictionary<string, string> m, string path, string format)
    {
        if (!m.TryGetValue("format", out var f) || f != format)
            throw new PidInputException($"{path}: not a pidgpu capture (metadata format '{f}', expected '{format}').");
        string Get(string key) => m.TryGetValue(key, out var v) ? v : throw new PidInputException($"{path}: metadata '{key}' is missing.");
        Dictionary<string, TaskAccuracy> accuracy;
        try { accuracy = JsonSerializer.Deserialize<Dictionary<string, TaskAccuracy>>(Get("accuracy")) ?? []; }
        catch (JsonException e) { throw new PidInputException($"{path}: metadata 'accuracy' is malformed ({e.Message}).", e); }
        var pooling = Enum.TryParse<RegionPooling>(Get("pooling"), ignoreCase: true, out var p) ? p
            : throw new PidInputException($"{path}: metadata pooling '{Get("pooling")}' is not mean or max.");
        return new CaptureInfo(Get("model"), pooling, Get("answers") == "all", Get("dtype"), Get("template"), accuracy);
    }
}
