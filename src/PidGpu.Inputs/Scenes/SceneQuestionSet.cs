using System.Text;
using System.Text.Json;
using PidGpu.Formats;
using PidGpu.Inputs.Vision;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Writes the scene tasks as an ordinary question set: one PNG per sample under <c>images/</c> and <c>questions.jsonl</c>
/// (<c>id</c>, <c>image</c> relative to the file, <c>question</c>, <c>answer</c>, <c>task</c>), the JSON-lines format that
/// <see cref="PidGpu.Capture.JsonLinesQuestionFile"/> reads. Task <c>t</c> draws from seed <c>seed + (int)t</c>, as the scene
/// analysis does, so the same seed gives the samples <c>pidgpu analyze</c> generates. Images are at the scene's own
/// size (lossless PNG, no enlargement), so a model sees the pixels it would see in memory.
/// </summary>
public static class SceneQuestionSet
{
    public const string QuestionsFile = "questions.jsonl";
    public const string ImagesFolder = "images";

    /// <summary>The <see cref="PidInputException.Setting"/> of a bad sample count: the samples per task (as the question runs'
    /// <c>PerTask</c>).</summary>
    public const string PerTaskSetting = "PerTask";

    /// <summary>Writes <paramref name="perTask"/> samples of each task into <paramref name="directory"/>; returns the
    /// path of questions.jsonl. The question file is written last and atomically, so it never names a missing image.</summary>
    public static string Write(string directory, IReadOnlyList<SceneTaskKind> tasks, int perTask, int seed)
    {
        if (perTask < 1)
            throw new PidInputException($"questions per task must be at least 1, got {perTask}.")
            {
                Setting = PerTaskSetting, Problem = $"must be at least 1, got {perTask}.", SuggestedValue = "1",
            };
        if (tasks.Count == 0) throw new PidInputException("no scene task to write.");
        string images = Path.Combine(directory, ImagesFolder);
        try { Directory.CreateDirectory(images); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new PidInputException($"{directory}: cannot create the folder ({e.Message}).", e);
        }
        var lines = new StringBuilder();
        foreach (var task in tasks)
        {
            var samples = SceneTaskSuite.Generate(SceneTaskSuite.Get(task), perTask, seed + (int)task);
            for (int i = 0; i < samples.Count; i++)
            {
                string id = $"{task}-{i:D5}";
                string image = $"{ImagesFolder}/{id}.png";
                ScenePng.Save(samples[i].Scene, Path.Combine(directory, image), scale: 1);
                lines.Append(JsonSerializer.Serialize(new { id, image, question = samples[i].Question, answer = samples[i].Answer, task = task.ToString() }))
                    .Append('\n');
            }
        }
        string path = Path.Combine(directory, QuestionsFile);
        AtomicFile.WriteAllText(path, lines.ToString());
        return path;
    }
}
