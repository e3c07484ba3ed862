using System.Text.Json.Serialization;

namespace PidGpu.Models.Capture;

/// <summary>Per task: the samples that went through the model and how many it answered correctly (before any --answers filter).</summary>
public sealed record TaskAccuracy(
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("correct")] int Correct)
{
    [JsonIgnore]
    public double Fraction => Samples == 0 ? 0 : (double)Correct / Samples;
}
