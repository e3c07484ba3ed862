using System.Text.Json;
using PidGpu.Formats;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;
using PidGpu.Models.Text;

namespace PidGpu.Cli;

/// <summary><c>pidgpu inspect</c>: per sample the prompt, ids, regions and answer id the model will see, as one JSON file.</summary>
internal static class InspectCommand
{
    public static int Run(InspectOptions o, TextWriter stdout, TextWriter stderr)
    {
        using var model = LlavaModelDirectory.Open(o.Model);
        var questions = QuestionInput.Read(o);
        string template = QuestionInput.Template(o.Template, model);
        var faults = new SampleFaults(o.Strict);
        var tokens = QuestionInspection.Run(model, questions, template, faults);
        var document = new
        {
            model = model.Name,
            template,
            image_positions = model.FixedImagePositions, // null for LLaVA-1.6: per sample, from the image size
            samples = tokens,
            skipped = faults.All.Select(f => new { id = f.Id, task = f.Task, reason = f.Reason }),
        };
        AtomicFile.WriteAllText(o.Out, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (faults.Summary() is { } skipped) stderr.WriteLine(skipped);
        string positions = model.FixedImagePositions is { } n ? $"{n} image positions each" : "image positions per image size";
        stdout.WriteLine($"{tokens.Count} samples ({positions}) in {o.Out}");
        return ExitCodes.Success;
    }
}
