using PidGpu.Models.Vision;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// LLaVA-1.6 tiles of a 369 × 240 image (llava-v1.6 geometry): best resolution (336, 672) (eff = 369 · 240 there, least
/// waste), resized to 517 × 336 (ceil(369 · 1.4) = 517) with Pillow bicubic, pasted at column (672 − 517) / 2 = 77 on black,
/// the odd 155th padding column on the right (78 columns: 595..671); two 336 × 336 tiles after the base image, which is
/// the whole image resized to 336 × 336. Pixel values are CLIP-normalised bytes: (b / 255 − mean) / std in float32.
/// </summary>
public sealed class VisionAnyresProcessorTests
{
    static readonly double[] Mean = [0.48145466, 0.4578275, 0.40821073], Std = [0.26862954, 0.26130258, 0.27577711];

    static float Normalised(byte b, int c) => ((float)(b * (1.0 / 255)) - (float)Mean[c]) / (float)Std[c];

    [Fact]
    public void Tiles_ArePaddedWithBlackAroundThePillowResize_AfterTheBaseImage()
    {
        var image = new RgbImage(369, 240, LcgPixels.Generate(369, 240, 7));
        var processor = new AnyresImageProcessor(new LlavaImageProcessor(), [new(336, 672), new(672, 336), new(672, 672), new(1008, 336), new(336, 1008)], 14);
        var result = processor.Preprocess(image);
        const int plane = 336 * 336;
        Assert.Equal(3 * plane * 3, result.Values.Length); // base + 2 tiles
        Assert.Equal(2, result.Layout.Tiles);

        var resized = PillowBicubic.Resize(image, 517, 336);
        var whole = PillowBicubic.Resize(image, 336, 336);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 336; y += 5)
            {
                // Base image: the plain 336 × 336 resize.
                Assert.Equal(Normalised(whole.Pixels[3 * (y * 336 + 17) + c], c), result.Values[c * plane + y * 336 + 17]);
                for (int x = 0; x < 672; x++)
                {
                    int tile = x / 336, tx = x % 336;
                    float got = result.Values[(1 + tile) * 3 * plane + c * plane + y * 336 + tx];
                    byte expected = x < 77 || x >= 77 + 517 ? (byte)0 : resized.Pixels[3 * (y * 517 + x - 77) + c];
                    Assert.Equal(Normalised(expected, c), got);
                }
            }
    }

    [Fact]
    public void PadToSquare_IsRefused() =>
        Assert.Throws<PidGpu.PidInputException>(() => new AnyresImageProcessor(new LlavaImageProcessor(PadToSquare: true), [new(336, 336)], 14)
            .Preprocess(new RgbImage(2, 2, new byte[12])));
}
