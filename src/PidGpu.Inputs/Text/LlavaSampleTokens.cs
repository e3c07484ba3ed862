using System.Text.Json.Serialization;

namespace PidGpu.Inputs.Text;

/// <summary>
/// What the model sees for one sample (one line of <c>pidgpu inspect</c>): the templated <see cref="Prompt"/> handed
/// to the tokenizer (with the literal <c>&lt;image&gt;</c>), its ids (<see cref="TextIds"/>: BOS first, <c>&lt;image&gt;</c>
/// one id), how many sequence positions <c>&lt;image&gt;</c> expands to, the [start, end) position ranges of the image
/// region X_V and the question region X_L in the expanded sequence, and the first id of the gold answer encoded alone.
/// </summary>
public sealed record LlavaSampleTokens(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("text_ids")] int[] TextIds,
    [property: JsonPropertyName("image_positions")] int ImagePositions,
    [property: JsonPropertyName("x_v")] int[] XV,
    [property: JsonPropertyName("x_l")] int[] XL,
    [property: JsonPropertyName("answer_id")] int AnswerId)
{
    /// <summary>Length of the expanded sequence; the answer logit is read at its last position.</summary>
    [JsonIgnore]
    public int SequenceLength => TextIds.Length + ImagePositions - 1;
}
