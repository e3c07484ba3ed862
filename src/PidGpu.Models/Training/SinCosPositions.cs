using PidGpu.Models.Llava;
using static TorchSharp.torch;

namespace PidGpu.Models.Training;

/// <summary>
/// 2-D sine-cosine values for the vision tower's learned position embeddings (MAE style): channels [0, D/2) encode the
/// patch row, [D/2, D) the column, each as sin/cos pairs over geometric frequencies; the class token (position 0) gets 0.
/// They only set where training starts: the embeddings stay learned parameters under their Hugging Face name.
/// </summary>
internal static class SinCosPositions
{
    const string Name = "vision_tower.vision_model.embeddings.position_embedding.weight";

    /// <summary>Overwrites the position embeddings of <paramref name="model"/> with <see cref="Table"/>.</summary>
    public static void Apply(LlavaModel model)
    {
        var weight = model.named_parameters().Single(p => p.name == Name).parameter;
        var v = model.Config.Vision;
        using var noGrad = no_grad();
        using var table = tensor(Table(v.PatchesPerSide, v.HiddenSize)).view(v.NumPositions, v.HiddenSize).to(weight.dtype);
        weight.copy_(table);
    }

    /// <summary>[(grid² + 1) × width] row-major; width must be a multiple of 4.</summary>
    public static float[] Table(int grid, int width)
    {
        if (width % 4 != 0) throw new PidInputException($"sine-cosine positions need a width divisible by 4, got {width}");
        int half = width / 2, pairs = half / 2;
        var table = new float[(grid * grid + 1) * width];
        for (int r = 0; r < grid; r++)
            for (int c = 0; c < grid; c++)
            {
                int row = (1 + r * grid + c) * width;
                for (int k = 0; k < pairs; k++)
                {
                    double omega = Math.Pow(10_000.0, -k / (double)pairs);
                    table[row + k] = (float)Math.Sin(r * omega);
                    table[row + pairs + k] = (float)Math.Cos(r * omega);
                    table[row + half + k] = (float)Math.Sin(c * omega);
                    table[row + half + pairs + k] = (float)Math.Cos(c * omega);
                }
            }
        return table;
    }
}
