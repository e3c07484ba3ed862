using PidGpu.Models.Scenes;

namespace PidGpu.Models.Vision;

/// <summary>Scene images for inspection and CLIP-normalised model input.</summary>
public static class ScenePng
{
    /// <summary>Saves the scene as a PNG, enlarged <paramref name="scale"/> times (nearest neighbour).</summary>
    public static void Save(Scene scene, string path, int scale = 8) =>
        ImageFiles.SavePng(scene.Rgb, scene.Width, scene.Height, path, scale);

    /// <summary>The scene at its own size, CLIP-normalised: float[3, H, W] flattened CHW.</summary>
    public static float[] ToClipInput(Scene scene) =>
        new ClipImageProcessor(scene.Height, scene.Height).Preprocess(scene.Rgb, scene.Width, scene.Height);
}
