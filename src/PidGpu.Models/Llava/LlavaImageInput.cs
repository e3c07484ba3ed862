using PidGpu.Inputs.Vision;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

/// <summary>
/// One preprocessed image for <see cref="LlavaModel"/>: LLaVA-1.5's single CHW crop (<see cref="Pixels"/>) or LLaVA-1.6's
/// base image and tiles (<see cref="Anyres"/>), with the number of sequence positions <c>&lt;image&gt;</c> expands to.
/// </summary>
public sealed class LlavaImageInput
{
    LlavaImageInput(float[]? pixels, AnyresPixels? anyres, int side, int positions)
    {
        Pixels = pixels;
        Anyres = anyres;
        Side = side;
        Positions = positions;
    }

    public float[]? Pixels { get; }

    public AnyresPixels? Anyres { get; }

    /// <summary>Side of the square crop(s).</summary>
    public int Side { get; }

    public int Positions { get; }

    public static LlavaImageInput Single(float[] pixels, int side, int positions) => new(pixels, null, side, positions);

    public static LlavaImageInput Tiled(AnyresPixels anyres) => new(null, anyres, anyres.Layout.TileSize, anyres.Layout.Positions);

    /// <summary>The model's forward pass over <paramref name="inputIds"/> [1, T] with this image.</summary>
    public LlavaOutput Forward(LlavaModel model, Tensor inputIds, LlavaForwardOptions options)
    {
        if (Anyres is not null) return model.Forward(inputIds, Anyres, options);
        using var image = tensor(Pixels!).view(1, 3, Side, Side);
        return model.Forward(inputIds, image, options);
    }
}
