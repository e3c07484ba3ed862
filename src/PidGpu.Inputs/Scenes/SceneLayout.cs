namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Grid and cell size of the scenes (default 4×4 cells of 8 px = 32×32 RGB), with the random placement
/// helpers every task uses.
/// </summary>
public sealed record SceneLayout(int GridSize = 4, int CellSize = 8)
{
    public int ImageSize => GridSize * CellSize;

    /// <summary>All cells in random order; tasks take objects' cells from the front.</summary>
    public List<(int Row, int Column)> ShuffledCells(Random rng)
    {
        var cells = new List<(int, int)>(GridSize * GridSize);
        for (int r = 0; r < GridSize; r++)
            for (int c = 0; c < GridSize; c++)
                cells.Add((r, c));
        Shuffle(cells, rng);
        return cells;
    }

    public Scene Render(IReadOnlyList<SceneObject> objects) => SceneRenderer.Render(GridSize, CellSize, objects);

    /// <summary>Adds <paramref name="count"/> objects of any shape, in colours other than <paramref name="excludedColors"/>,
    /// on free cells taken in a random order. Draws the cell order even when <paramref name="count"/> is 0, so the random
    /// sequence (hence every later sample) does not depend on it.</summary>
    public void AddDistractors(List<SceneObject> objects, int count, Random rng, params ShapeColor[] excludedColors)
    {
        foreach (var (row, col) in ShuffledCells(rng))
        {
            if (count == 0)
                break;
            if (objects.Any(o => o.Row == row && o.Column == col))
                continue;
            objects.Add(new(Pick(SceneWords.Shapes, rng), PickExcept(SceneWords.Colors, rng, excludedColors), row, col));
            count--;
        }
    }

    internal static void Shuffle<T>(IList<T> list, Random rng)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    internal static T Pick<T>(IReadOnlyList<T> items, Random rng) => items[rng.Next(items.Count)];

    internal static T PickExcept<T>(IReadOnlyList<T> items, Random rng, params T[] excluded)
    {
        var left = items.Where(i => !excluded.Contains(i)).ToArray();
        return left[rng.Next(left.Length)];
    }
}
