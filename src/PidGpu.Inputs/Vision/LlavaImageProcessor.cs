namespace PidGpu.Inputs.Vision;

/// <summary>
/// The image preprocessing of the llava-hf 1.5 checkpoints, as Hugging Face's <c>CLIPImageProcessor</c> does it:
/// resize so the shortest edge is <see cref="ShortestEdge"/> (long edge = floor(edge · long / short)) with Pillow's
/// bicubic filter on 8-bit pixels (<see cref="PillowBicubic"/>), centre crop <see cref="CropSize"/> (top = (h − crop) / 2,
/// integer division), rescale in double by <see cref="RescaleFactor"/> (1/255) and round to float32, then (x − mean) / std in float32; output
/// float[3, crop, crop] flattened CHW. <see cref="PadToSquare"/> first pastes the image on a square of the mean
/// colour (int(mean · 255) per channel), as the original LLaVA repository's <c>image_aspect_ratio="pad"</c> does;
/// the llava-hf processors do not. An image already at the size is not resampled (Pillow returns a copy), so the scene
/// models' square renders pass through unchanged.
/// </summary>
public sealed record LlavaImageProcessor(int ShortestEdge = 336, int CropSize = 336, bool PadToSquare = false)
{
    /// <summary>OpenAI CLIP channel means (image_mean of llava-hf preprocessor_config.json).</summary>
    public IReadOnlyList<double> Mean { get; init; } = [0.48145466, 0.4578275, 0.40821073];

    /// <summary>OpenAI CLIP channel standard deviations (image_std).</summary>
    public IReadOnlyList<double> Std { get; init; } = [0.26862954, 0.26130258, 0.27577711];

    /// <summary>The Hugging Face file that describes a model's image processor.</summary>
    public const string ConfigFileName = "preprocessor_config.json";

    /// <summary>preprocessor_config.json's <c>rescale_factor</c>: each 8-bit value times this, in double, rounded to float32.</summary>
    public double RescaleFactor { get; init; } = 1.0 / 255;

    /// <summary>
    /// The rescale factor that makes the rescale float32 arithmetic: 1/255 rounded to float32 (0.003921568859368563), so that
    /// value · factor rounded to float32 is the float32 product <c>value * (1f / 255f)</c>. The scene models were trained on
    /// pixels rescaled that way; 1/255 in double differs from it in the last bit for 126 of the 256 byte values.
    /// </summary>
    public const double SinglePrecisionRescale = 1f / 255f;

    /// <summary>Reads (JPEG, PNG) and preprocesses an image file.</summary>
    public float[] Preprocess(string path) => Preprocess(RgbImage.Read(path));

    /// <summary>The normalised CHW tensor of <paramref name="image"/>.</summary>
    public float[] Preprocess(RgbImage image)
    {
        var resized = Resize(image);
        int top = (resized.Height - CropSize) / 2, left = (resized.Width - CropSize) / 2, plane = CropSize * CropSize;
        var chw = new float[3 * plane];
        for (int c = 0; c < 3; c++)
        {
            float mean = (float)Mean[c], std = (float)Std[c];
            for (int y = 0; y < CropSize; y++)
                for (int x = 0; x < CropSize; x++)
                {
                    float scaled = (float)(resized.Pixels[3 * ((top + y) * resized.Width + left + x) + c] * RescaleFactor);
                    chw[c * plane + y * CropSize + x] = (scaled - mean) / std;
                }
        }
        return chw;
    }

    /// <summary>The image after the optional pad to square and the shortest-edge resize, before the crop.</summary>
    public RgbImage Resize(RgbImage image)
    {
        if (ShortestEdge < 1 || CropSize < 1 || CropSize > ShortestEdge)
            throw new PidInputException($"image sizes: shortest edge {ShortestEdge} and crop {CropSize} must be positive with crop <= shortest edge");
        if (!(RescaleFactor > 0 && double.IsFinite(RescaleFactor)))
            throw new PidInputException($"image rescale factor {RescaleFactor} must be positive and finite");
        if (Mean.Count != 3 || Std.Count != 3 || Mean.Any(m => !(m is >= 0 and <= 1)) || Std.Any(s => !(s > 0)))
            throw new PidInputException("image mean and std need 3 channels each, means in [0, 1] and positive std");
        if (PadToSquare)
            image = image.PadToSquare([.. Mean.Select(m => (byte)(int)(m * 255))]);
        int w = image.Width, h = image.Height;
        var (rw, rh) = w <= h
            ? (ShortestEdge, (int)((long)ShortestEdge * h / w))
            : ((int)((long)ShortestEdge * w / h), ShortestEdge);
        return PillowBicubic.Resize(image, rw, rh);
    }
}
