using System.Text.Json;
using System.Text.Json.Serialization;

namespace PidGpu.Models.Training;

/// <summary>What a training run did and reached; saved as <c>training.json</c> beside the checkpoint. <see cref="TaskShares"/> lists
/// every task's batch share.</summary>
public sealed record TinyVlmTrainingReport(
    int Seed, int Steps, int BatchSize, double LearningRate, int Threads, TinyVlmShape Shape,
    double Seconds, double FinalLoss, IReadOnlyList<TaskAccuracy> Accuracies,
    IReadOnlyDictionary<string, int>? TaskShares = null, string? VisionPositionInit = null)
{
    public const string FileName = "training.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public void Save(string directory) => File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));

    public static TinyVlmTrainingReport Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new PidInputException($"{path} does not exist");
        return JsonSerializer.Deserialize<TinyVlmTrainingReport>(File.ReadAllText(path), Json)
            ?? throw new PidInputException($"{path}: empty training report");
    }
}
