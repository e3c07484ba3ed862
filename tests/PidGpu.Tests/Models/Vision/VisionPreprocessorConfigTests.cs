using PidGpu.Inputs.Vision;
using PidGpu.Models.Vision;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>A model directory's preprocessor_config.json sets the resize edge, crop, mean and std (llava-hf writes
/// {"size": {"shortest_edge": 336}, "crop_size": {"height": 336, "width": 336}}); without it the vision tower's image size and
/// CLIP's mean/std apply; a crop other than the tower's image size is refused; rescale_factor and the original LLaVA's
/// image_aspect_ratio "pad" are read.</summary>
public sealed class VisionPreprocessorConfigTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void FileValues_OrTheTowerSize_AndAWrongCropIsNamed()
    {
        var vision = TinyHfLlava.Config.Vision; // image_size 16
        var plain = ImagePreprocessing.Read(temp.Path, vision);
        Assert.Equal((16, 16), (plain.ShortestEdge, plain.CropSize));
        Assert.Equal([0.48145466, 0.4578275, 0.40821073], plain.Mean); // OpenAI CLIP's
        Assert.Equal([0.26862954, 0.26130258, 0.27577711], plain.Std);

        temp.Write(ImagePreprocessing.FileName,
            """{"size": {"shortest_edge": 20}, "crop_size": {"height": 16, "width": 16}, "image_mean": [0.5, 0.25, 0.125], "image_std": [0.5, 0.5, 0.25]}""");
        var read = ImagePreprocessing.Read(temp.Path, vision);
        Assert.Equal((20, 16), (read.ShortestEdge, read.CropSize));
        Assert.Equal([0.5, 0.25, 0.125], read.Mean);
        Assert.Equal([0.5, 0.5, 0.25], read.Std);
        Assert.Equal(1.0 / 255, read.RescaleFactor);
        Assert.False(read.PadToSquare);

        // The original LLaVA repository's pad-to-square, and a rescale factor (the scene models': 1/255 rounded to float32).
        temp.Write(ImagePreprocessing.FileName, """{"image_aspect_ratio": "pad", "rescale_factor": 0.003921568859368563}""");
        var padded = ImagePreprocessing.Read(temp.Path, vision);
        Assert.True(padded.PadToSquare);
        Assert.Equal((double)(1f / 255f), padded.RescaleFactor);
        foreach (var (json, field) in new[] { ("""{"image_aspect_ratio": 1}""", "image_aspect_ratio"), ("""{"rescale_factor": -1}""", "rescale_factor") })
        {
            temp.Write(ImagePreprocessing.FileName, json);
            Assert.Contains($"'{field}' must be", Assert.Throws<PidInputException>(() => ImagePreprocessing.Read(temp.Path, vision)).Message);
        }

        temp.Write(ImagePreprocessing.FileName, """{"size": 24, "crop_size": 18}""");
        var ex = Assert.Throws<PidInputException>(() => ImagePreprocessing.Read(temp.Path, vision));
        Assert.Contains("crop size 18 is not the vision tower's image_size 16", ex.Message);
    }
}
