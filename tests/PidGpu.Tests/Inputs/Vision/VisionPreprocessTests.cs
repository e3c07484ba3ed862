using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Vision;
using PidGpu.Models.Vision;

namespace PidGpu.Tests;

/// <summary>CLIP preprocessing (<see cref="LlavaImageProcessor"/>) against hand-computed values; PNG round trip; unreadable files.</summary>
public class VisionPreprocessTests : IDisposable
{
    // OpenAI CLIP statistics, typed in from the HF preprocessor_config.json of llava-1.5.
    static readonly double[] Mean = [0.48145466, 0.4578275, 0.40821073];
    static readonly double[] Std = [0.26862954, 0.26130258, 0.27577711];

    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    static double Normalised(byte value, int channel) => (value / 255.0 - Mean[channel]) / Std[channel];

    [Fact]
    public void SolidTwoByTwo_UpscaledTo4_IsTheNormalisedColourEverywhere()
    {
        byte[] rgb = [.. Enumerable.Range(0, 4).SelectMany(_ => new byte[] { 200, 100, 50 })];
        var path = temp.File("solid.png");
        ImageFiles.SavePng(rgb, 2, 2, path);
        var chw = new LlavaImageProcessor(4, 4).Preprocess(path);
        Assert.Equal(3 * 16, chw.Length);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 16; i++)
                Assert.Equal(Normalised(rgb[c], c), chw[c * 16 + i], 5);
        // By hand: (200/255 - 0.48145466) / 0.26862954 = 0.30285907 / 0.26862954 = 1.1274228
        Assert.Equal(1.1274228, chw[0], 5);
    }

    [Fact]
    public void WideImage_IsCentreCropped()
    {
        // 4 wide x 2 high, each column its own grey; shortest side already 2, crop 2 keeps columns 1 and 2.
        byte[] greys = [10, 60, 110, 160];
        var rgb = new byte[4 * 2 * 3];
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 4; x++)
                for (int c = 0; c < 3; c++)
                    rgb[(y * 4 + x) * 3 + c] = greys[x];
        var chw = new LlavaImageProcessor(2, 2).Preprocess(new RgbImage(4, 2, rgb));
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 2; y++)
            {
                Assert.Equal(Normalised(60, c), chw[c * 4 + y * 2], 5);
                Assert.Equal(Normalised(110, c), chw[c * 4 + y * 2 + 1], 5);
            }
    }

    [Fact]
    public void TallImage_ResizesShortSideAndKeepsAspect()
    {
        // 3 wide x 6 high solid: short side 3 -> 2, long 6 -> 4, crop 2x2; a solid image stays solid.
        byte[] rgb = [.. Enumerable.Range(0, 18).SelectMany(_ => new byte[] { 0, 128, 255 })];
        var chw = new LlavaImageProcessor(2, 2).Preprocess(new RgbImage(3, 6, rgb));
        Assert.Equal(12, chw.Length);
        for (int c = 0; c < 3; c++)
            Assert.All(chw.Skip(c * 4).Take(4), v => Assert.Equal(Normalised(rgb[c], c), v, 4));
    }

    [Fact]
    public void Upscaling_IsPixelCentreAligned_AndReproducesALinearRamp()
    {
        // 8x8, value 20 + 25 x. Doubled to 16x16: output pixel x samples source u = (x + 0.5) / 2 - 0.5
        // (HF/PIL half-pixel convention); a cubic interpolator reproduces a linear ramp exactly away from the
        // borders, so interior pixels must be 20 + 25 u to within byte rounding.
        var rgb = new byte[8 * 8 * 3];
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                for (int c = 0; c < 3; c++)
                    rgb[(y * 8 + x) * 3 + c] = (byte)(20 + 25 * x);
        var chw = new LlavaImageProcessor(16, 16).Preprocess(new RgbImage(8, 8, rgb));
        for (int x = 4; x < 12; x++)
        {
            double u = (x + 0.5) / 2 - 0.5, expected = 20 + 25 * u;
            double got = (chw[16 * 8 + x] * Std[0] + Mean[0]) * 255; // channel 0, row 8
            Assert.True(Math.Abs(got - expected) <= 0.6, $"x={x}: {got:F2} vs {expected:F2}");
        }
    }

    [Fact]
    public void ScenePng_RoundTripsThePixels_AndClipInputIsPerPixelNormalisation()
    {
        var scene = SceneTaskSuite.Generate(SceneTaskSuite.Get(SceneTaskKind.Counting), 1, seed: 8)[0].Scene;
        var path = temp.File("scene.png");
        ScenePng.Save(scene, path, scale: 1);
        using (var bitmap = ImageFiles.Read(path))
        {
            Assert.Equal(scene.Width, bitmap.Width);
            for (int y = 0; y < scene.Height; y++)
                for (int x = 0; x < scene.Width; x++)
                {
                    var px = bitmap.GetPixel(x, y);
                    int i = (y * scene.Width + x) * 3;
                    Assert.Equal((scene.Rgb[i], scene.Rgb[i + 1], scene.Rgb[i + 2]), (px.Red, px.Green, px.Blue));
                }
        }
        var chw = ScenePng.ToClipInput(scene);
        int plane = scene.Width * scene.Height;
        for (int p = 0; p < plane; p++)
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(Normalised(scene.Rgb[p * 3 + c], c), chw[c * plane + p], 5);
                // Bit for bit the float32 arithmetic the model was trained on: v * (1f / 255f), minus the mean, over the std.
                float trained = (scene.Rgb[p * 3 + c] * (1f / 255f) - (float)Mean[c]) / (float)Std[c];
                Assert.Equal(BitConverter.SingleToInt32Bits(trained), BitConverter.SingleToInt32Bits(chw[c * plane + p]));
            }
        ScenePng.Save(scene, temp.File("big.png"), scale: 4);
        using var big = ImageFiles.Read(temp.File("big.png"));
        Assert.Equal(4 * scene.Width, big.Width);
    }

    [Fact]
    public void TinyModelsPreprocessorConfig_IsTheWritersOutput_AndGivesTheTrainingPixelsFromAPng()
    {
        string model = Path.Combine(PidGpu.Tests.Support.SharedCanonical.RepoRoot(), "models", "tiny-vlm");
        ScenePng.WritePreprocessorConfig(temp.Path, 32);
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Path, ImagePreprocessing.FileName)), File.ReadAllText(Path.Combine(model, ImagePreprocessing.FileName)));
        var processor = ImagePreprocessing.Read(model, PidGpu.Models.Llava.LlavaConfig.Load(model).Vision);
        Assert.Equal(LlavaImageProcessor.SinglePrecisionRescale, processor.RescaleFactor);
        foreach (var kind in Enum.GetValues<SceneTaskKind>())
        {
            var scene = SceneTaskSuite.Generate(SceneTaskSuite.Get(kind), 1, seed: 40 + (int)kind)[0].Scene;
            var path = temp.File($"{kind}.png");
            ScenePng.Save(scene, path, scale: 1);
            // The file route (PNG written by pidgpu scenes, read through the model's preprocessor_config.json) gives the training input bit for bit.
            Assert.Equal(ScenePng.ToClipInput(scene).Select(BitConverter.SingleToInt32Bits), processor.Preprocess(path).Select(BitConverter.SingleToInt32Bits));
        }
        // With 1/255 in double (llava-hf's factor) 126 of the 256 byte values rescale to another float32.
        var bytes = Enumerable.Range(0, 256).Select(v => (byte)v).ToArray();
        int differ = bytes.Count(v => (float)(v * (1.0 / 255)) != (float)(v * LlavaImageProcessor.SinglePrecisionRescale));
        Assert.Equal(126, differ);
    }

    [Fact]
    public void CorruptOrMissingImage_IsInputErrorNamingTheFile()
    {
        var corrupt = temp.Write("broken.png", "this is not a png");
        var e = Assert.Throws<PidInputException>(() => new LlavaImageProcessor().Preprocess(corrupt));
        Assert.Contains("broken.png", e.Message);
        var missing = temp.File("gone.png");
        Assert.Contains("gone.png", Assert.Throws<PidInputException>(() => new LlavaImageProcessor().Preprocess(missing)).Message);
        Assert.Throws<PidInputException>(() => new LlavaImageProcessor(2, 4).Preprocess(new RgbImage(1, 1, [0, 0, 0])));
        Assert.Throws<PidInputException>(() => new LlavaImageProcessor().Preprocess(new RgbImage(1, 1, [0, 0])));
    }
}
