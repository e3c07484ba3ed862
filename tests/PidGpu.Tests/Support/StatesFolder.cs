using PidGpu.Models.Capture;

namespace PidGpu.Tests.Support;

/// <summary>Writes a capture folder from whole in-memory arrays the way <c>pidgpu capture</c> does: row by row through a
/// <see cref="StatesSpill"/>, then the layer-major states file.</summary>
internal static class StatesFolder
{
    /// <param name="vision">Per layer [N, d] row-major X_V.</param>
    /// <param name="language">Per layer [N, d] row-major X_L.</param>
    public static CapturedStates Write(string directory, int d, float[][] vision, float[][] language, float[] y,
        IReadOnlyList<CapturedSample> samples, CaptureInfo info)
    {
        int layers = vision.Length;
        string spillFolder = Path.Combine(directory, ".spill");
        CapturedStates states;
        using (var spill = StatesSpill.Open(spillFolder, layers, d, SpillMark.Empty))
        {
            var v = new float[layers * d];
            var l = new float[layers * d];
            for (int i = 0; i < samples.Count; i++)
            {
                for (int layer = 0; layer < layers; layer++)
                {
                    Array.Copy(vision[layer], i * d, v, layer * d, d);
                    Array.Copy(language[layer], i * d, l, layer * d, d);
                }
                spill.Append(samples[i], y[i], v, l);
            }
            states = spill.WriteStates(directory, info);
        }
        StatesSpill.Delete(spillFolder);
        return states;
    }
}
