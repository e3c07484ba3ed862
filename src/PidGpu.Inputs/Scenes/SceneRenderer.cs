namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Draws objects into a black image. Each shape fills the cell less a one-pixel margin, so objects in
/// neighbouring cells never touch and every object is one 4-connected blob of a single colour.
/// </summary>
public static class SceneRenderer
{
    public static Scene Render(int gridSize, int cellSize, IReadOnlyList<SceneObject> objects)
    {
        if (gridSize < 2 || cellSize < 6)
            throw new PidInputException($"scene grid {gridSize} cells of {cellSize} px: need at least 2 cells of 6 px");
        int width = gridSize * cellSize;
        var rgb = new byte[width * width * 3];
        var used = new HashSet<(int, int)>();
        foreach (var o in objects)
        {
            if (o.Row < 0 || o.Row >= gridSize || o.Column < 0 || o.Column >= gridSize)
                throw new PidInputException($"scene object at cell ({o.Row},{o.Column}) is outside the {gridSize}x{gridSize} grid");
            if (!used.Add((o.Row, o.Column)))
                throw new PidInputException($"two scene objects share cell ({o.Row},{o.Column})");
            Draw(rgb, width, cellSize, o);
        }
        return new Scene(gridSize, cellSize, objects.ToArray(), rgb);
    }

    /// <summary>Whether the shape covers box pixel (x, y) of an s×s box (s = cell size - 2).</summary>
    public static bool Covers(ShapeKind shape, int x, int y, int s)
    {
        double c = s / 2.0, dx = x + 0.5 - c, dy = y + 0.5 - c;
        return shape switch
        {
            ShapeKind.Square => true,
            // radius² = c² - 1 (8 at s = 6): the four 3-pixel corners are cut, leaving 24 pixels.
            ShapeKind.Circle => dx * dx + dy * dy <= c * c - 1.0,
            // Upward triangle whose half-width grows 0.4 px per row from 0.5 px at the apex.
            ShapeKind.Triangle => Math.Abs(dx) <= 0.5 + 2.4 * y / s,
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
    }

    private static void Draw(byte[] rgb, int width, int cellSize, SceneObject o)
    {
        int s = cellSize - 2, x0 = o.Column * cellSize + 1, y0 = o.Row * cellSize + 1;
        var (r, g, b) = o.Color.Rgb();
        for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++)
            {
                if (!Covers(o.Shape, x, y, s))
                    continue;
                int i = ((y0 + y) * width + x0 + x) * 3;
                rgb[i] = r;
                rgb[i + 1] = g;
                rgb[i + 2] = b;
            }
    }
}
