using PidGpu.Inputs.Vision;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// LLaVA-1.6 tiles of a 369 × 240 image (llava-v1.6 geometry, transformers 4.40–4.51): best resolution (336, 672)
/// (eff = 369 · 240 there, least waste), resized to 517 × 336 (ceil(369 · 1.4) = 517) with Pillow bicubic, padded by
/// (672 − 517) / 2 = 77 black columns on each side: 671 columns, so the second tile is columns 336..670, 335 wide, which
/// _preprocess resizes to shortest edge 336 (336 × int(336 · 336 / 335) = 336 × 337) and crops at top (337 − 336) / 2 = 0.
/// The base image is the whole image resized to 336 × 336. Values are CLIP-normalised bytes: (b / 255 − mean) / std in float32.
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
        // The padded 671 × 336 canvas by hand, its second tile cut and brought to 336 × 337 as _preprocess does.
        var canvas = new byte[3 * 671 * 336];
        for (int y = 0; y < 336; y++)
            Array.Copy(resized.Pixels, 3 * y * 517, canvas, 3 * (y * 671 + 77), 3 * 517);
        var second = new byte[3 * 335 * 336];
        for (int y = 0; y < 336; y++)
            Array.Copy(canvas, 3 * (y * 671 + 336), second, 3 * y * 335, 3 * 335);
        var secondResized = PillowBicubic.Resize(new RgbImage(335, 336, second), 336, 337);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 336; y += 5)
            {
                // Base image: the plain 336 × 336 resize.
                Assert.Equal(Normalised(whole.Pixels[3 * (y * 336 + 17) + c], c), result.Values[c * plane + y * 336 + 17]);
                for (int x = 0; x < 336; x++)
                {
                    byte first = x < 77 ? (byte)0 : resized.Pixels[3 * (y * 517 + x - 77) + c];
                    Assert.Equal(Normalised(first, c), result.Values[3 * plane + c * plane + y * 336 + x]);
                    Assert.Equal(Normalised(secondResized.Pixels[3 * (y * 336 + x) + c], c), result.Values[2 * 3 * plane + c * plane + y * 336 + x]);
                }
            }
    }

    [Fact]
    public void PadToSquare_IsRefused() =>
        Assert.Throws<PidGpu.PidInputException>(() => new AnyresImageProcessor(new LlavaImageProcessor(PadToSquare: true), [new(336, 336)], 14)
            .Preprocess(new RgbImage(2, 2, new byte[12])));
}
