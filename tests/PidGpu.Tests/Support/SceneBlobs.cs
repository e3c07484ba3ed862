using PidGpu.Inputs.Scenes;

namespace PidGpu.Tests.Support;

/// <summary>
/// Reads a scene's objects back from its pixels alone (independent of the generator's description):
/// 4-connected blobs of one non-black colour; the colour from its RGB, the shape from its pixel count
/// (square 36, circle 24, triangle 20 at 8-px cells), the cell from the blob's centroid.
/// </summary>
public static class SceneBlobs
{
    public static List<SceneObject> Read(byte[] rgb, int width, int height, int cellSize)
    {
        var seen = new bool[width * height];
        var found = new List<SceneObject>();
        for (int start = 0; start < width * height; start++)
        {
            if (seen[start] || IsBlack(rgb, start))
                continue;
            var color = ColorAt(rgb, start);
            var stack = new Stack<int>([start]);
            seen[start] = true;
            long sx = 0, sy = 0;
            int area = 0;
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                int x = p % width, y = p / width;
                area++;
                sx += x;
                sy += y;
                foreach (var (nx, ny) in new[] { (x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1) })
                {
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                        continue;
                    int q = ny * width + nx;
                    if (seen[q] || IsBlack(rgb, q))
                        continue;
                    Assert.Equal(color, ColorAt(rgb, q)); // one colour per blob
                    seen[q] = true;
                    stack.Push(q);
                }
            }
            var shape = area switch
            {
                36 => ShapeKind.Square,
                24 => ShapeKind.Circle,
                20 => ShapeKind.Triangle,
                _ => throw new Xunit.Sdk.XunitException($"blob of {area} pixels is no known shape"),
            };
            found.Add(new SceneObject(shape, color, (int)(sy / area) / cellSize, (int)(sx / area) / cellSize));
        }
        return found;
    }

    public static List<SceneObject> Read(Scene scene) => Read(scene.Rgb, scene.Width, scene.Height, scene.CellSize);

    private static bool IsBlack(byte[] rgb, int p) => rgb[p * 3] == 0 && rgb[p * 3 + 1] == 0 && rgb[p * 3 + 2] == 0;

    private static ShapeColor ColorAt(byte[] rgb, int p) => (rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2]) switch
    {
        (255, 0, 0) => ShapeColor.Red,
        (0, 255, 0) => ShapeColor.Green,
        (0, 0, 255) => ShapeColor.Blue,
        (255, 255, 0) => ShapeColor.Yellow,
        var other => throw new Xunit.Sdk.XunitException($"pixel colour {other} is not a scene colour"),
    };
}
