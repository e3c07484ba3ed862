using System.Security.Cryptography;
using System.Text.Json;
using PidGpu.Inputs.Vision;
using PidGpu.Tests.Support;
using SkiaSharp;

namespace PidGpu.Tests;

/// <summary>
/// Pillow-exact bicubic resize and the llava-hf CLIP preprocessing against Pillow itself
/// (Reference/pillow-bicubic.json, written by scripts/reference/pillow-resize.py with Debian's Pillow 9.4):
/// resized bytes equal, normalised values within 1e-6; JPEG and PNG files (written by Pillow) decode to Pillow's
/// bytes; bad input.
/// </summary>
public class VisionPillowTests : IDisposable
{
    static readonly Lazy<JsonDocument> Reference = new(() => JsonDocument.Parse(File.ReadAllText(RepoReference.Path("pillow-bicubic.json"))));

    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<int> ResizeCases() => [.. Enumerable.Range(0, Cases("resize").Count)];

    public static TheoryData<int> PreprocessCases() => [.. Enumerable.Range(0, Cases("preprocess").Count)];

    public static TheoryData<int> FileCases() => [.. Enumerable.Range(0, Cases("files").Count)];

    static List<JsonElement> Cases(string kind) => [.. Reference.Value.RootElement.GetProperty(kind).EnumerateArray()];

    static RgbImage Input(JsonElement c)
    {
        int w = c.GetProperty("width").GetInt32(), h = c.GetProperty("height").GetInt32();
        return new RgbImage(w, h, LcgPixels.Generate(w, h, c.GetProperty("seed").GetUInt32()));
    }

    [Theory]
    [MemberData(nameof(ResizeCases))]
    public void Resize_IsPillowsBicubic_ByteForByte(int index)
    {
        var c = Cases("resize")[index];
        int ow = c.GetProperty("out_width").GetInt32(), oh = c.GetProperty("out_height").GetInt32();
        var resized = PillowBicubic.Resize(Input(c), ow, oh);
        Assert.Equal((ow, oh), (resized.Width, resized.Height));
        Assert.Equal(c.GetProperty("rgb").GetBytesFromBase64(), resized.Pixels);
    }

    [Theory]
    [MemberData(nameof(PreprocessCases))]
    public void Preprocess_MatchesHuggingFacesClipProcessorOnPillow(int index)
    {
        var c = Cases("preprocess")[index];
        var processor = new LlavaImageProcessor(c.GetProperty("shortest_edge").GetInt32(), c.GetProperty("crop").GetInt32(),
            c.GetProperty("pad_to_square").GetBoolean());
        var image = Input(c);
        var resized = processor.Resize(image);
        Assert.Equal((c.GetProperty("resized_width").GetInt32(), c.GetProperty("resized_height").GetInt32()), (resized.Width, resized.Height));
        var values = processor.Preprocess(image);
        Assert.Equal(3 * processor.CropSize * processor.CropSize, values.Length);
        if (c.TryGetProperty("resized_rgb", out var rgb))
        {
            Assert.Equal(rgb.GetBytesFromBase64(), resized.Pixels);
            AssertClose([.. c.GetProperty("pixel_values").EnumerateArray().Select(v => v.GetDouble())], values, 1);
            return;
        }
        Assert.Equal(c.GetProperty("resized_sha256").GetString(), Sha256(resized.Pixels));
        int crop = processor.CropSize, top = (resized.Height - crop) / 2, left = (resized.Width - crop) / 2;
        var cropped = Enumerable.Range(0, crop).SelectMany(y => resized.Pixels.Skip(3 * ((top + y) * resized.Width + left)).Take(3 * crop)).ToArray();
        Assert.Equal(c.GetProperty("cropped_sha256").GetString(), Sha256(cropped));
        AssertClose([.. c.GetProperty("pixel_samples").EnumerateArray().Select(v => v.GetDouble())], values, c.GetProperty("sample_stride").GetInt32());
    }

    [Theory]
    [MemberData(nameof(FileCases))]
    public void JpegAndPngFiles_DecodeToPillowsRgb_AndResizeAsPillow(int index)
    {
        var c = Cases("files")[index];
        var image = RgbImage.Read(RepoReference.Path(c.GetProperty("file").GetString()!.Split('/')));
        Assert.Equal((c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32()), (image.Width, image.Height));
        Assert.Equal(c.GetProperty("decoded_sha256").GetString(), Sha256(image.Pixels));
        Assert.Equal(c.GetProperty("resized_sha256").GetString(), Sha256(new LlavaImageProcessor().Resize(image).Pixels));
    }

    static void AssertClose(double[] expected, float[] actual, int stride)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i * stride]) <= 1e-6, $"value {i * stride}: {actual[i * stride]} vs Pillow/NumPy {expected[i]}");
    }

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void PngFile_WithAlpha_DecodesToTheStoredRgb_AsPillowsConvertRgb()
    {
        const int w = 23, h = 17;
        var rgba = LcgPixels.Generate(w, h * 4, 77).AsSpan(0, 4 * w * h).ToArray();
        var path = temp.File("alpha.png");
        using (var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            rgba.CopyTo(bitmap.GetPixelSpan());
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(path);
            data.SaveTo(file);
        }
        var image = RgbImage.Read(path);
        Assert.Equal(RgbImage.FromRgba(rgba, w, h).Pixels, image.Pixels);
        var processor = new LlavaImageProcessor(12, 10);
        Assert.Equal(processor.Preprocess(image), processor.Preprocess(path));
    }

    [Fact]
    public void JpegFile_Decodes_ToTheEncodedImageWithinJpegLoss()
    {
        // A smooth 64x48 gradient survives JPEG at quality 95 within a few grey levels.
        const int w = 64, h = 48;
        var rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    rgb[3 * (y * w + x) + c] = (byte)(40 + 2 * x + y + 20 * c);
        var path = temp.File("gradient.jpg");
        using (var bitmap = ImageFiles.FromRgb(rgb, w, h))
        using (var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95))
        using (var file = File.Create(path))
            data.SaveTo(file);
        var image = RgbImage.Read(path);
        Assert.Equal((w, h), (image.Width, image.Height));
        double meanError = image.Pixels.Zip(rgb, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanError < 2, $"mean absolute JPEG error {meanError}");
    }

    [Fact]
    public void BadFilesAndSizes_AreInputErrorsNamingTheProblem()
    {
        var corrupt = temp.Write("broken.jpg", "not a jpeg");
        Assert.Contains("broken.jpg", Assert.Throws<PidInputException>(() => RgbImage.Read(corrupt)).Message);
        Assert.Contains("gone.png", Assert.Throws<PidInputException>(() => RgbImage.Read(temp.File("gone.png"))).Message);
        var image = new RgbImage(4, 4, new byte[48]);
        Assert.Throws<PidInputException>(() => new LlavaImageProcessor(4, 5).Preprocess(image));
        Assert.Throws<PidInputException>(() => PillowBicubic.Resize(image, 0, 3));
        Assert.Throws<PidInputException>(() => new RgbImage(2, 2, new byte[11]));
        Assert.Throws<PidInputException>(() => new LlavaImageProcessor(4, 4) { Std = [1, 0, 1] }.Preprocess(image));
    }

    [Fact]
    public void PadToSquare_CentresTheImageOnTheMeanColour()
    {
        // 4 wide x 2 high of 255s on a square of 4: rows 1 and 2 hold the image, rows 0 and 3 the mean (122, 116, 104).
        var padded = new RgbImage(4, 2, [.. Enumerable.Repeat((byte)255, 24)]).PadToSquare([122, 116, 104]);
        Assert.Equal((4, 4), (padded.Width, padded.Height));
        Assert.Equal<byte>([122, 116, 104], padded.Pixels[..3]);
        Assert.Equal<byte>([255, 255, 255], padded.Pixels[(3 * 4)..(3 * 4 + 3)]);
        Assert.Equal<byte>([122, 116, 104], padded.Pixels[(3 * 12)..(3 * 12 + 3)]);
    }
}
