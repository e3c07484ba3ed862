namespace PidGpu.Inputs.Scenes;

/// <summary>One coloured shape at a grid cell (row 0 = top, column 0 = left).</summary>
public readonly record struct SceneObject(ShapeKind Shape, ShapeColor Color, int Row, int Column);
