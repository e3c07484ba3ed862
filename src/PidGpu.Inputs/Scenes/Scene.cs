namespace PidGpu.Inputs.Scenes;

/// <summary>
/// A rendered scene: its symbolic description (the objects) kept with its pixels.
/// Pixels are RGB bytes in row-major HWC order on a black background.
/// </summary>
public sealed class Scene
{
    internal Scene(int gridSize, int cellSize, IReadOnlyList<SceneObject> objects, byte[] rgb)
    {
        GridSize = gridSize;
        CellSize = cellSize;
        Objects = objects;
        Rgb = rgb;
    }

    /// <summary>Cells per side of the square grid.</summary>
    public int GridSize { get; }

    /// <summary>Pixels per side of a cell.</summary>
    public int CellSize { get; }

    public int Height => GridSize * CellSize;

    public int Width => GridSize * CellSize;

    public IReadOnlyList<SceneObject> Objects { get; }

    /// <summary>RGB bytes, index (y * Width + x) * 3 + channel.</summary>
    public byte[] Rgb { get; }

    /// <summary>Pixels as float[3, H, W] flattened (CHW), scaled to [0, 1] (not normalised).</summary>
    public float[] ToChw01()
    {
        int plane = Height * Width;
        var chw = new float[3 * plane];
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++)
                chw[c * plane + i] = Rgb[i * 3 + c] / 255f;
        return chw;
    }
}
