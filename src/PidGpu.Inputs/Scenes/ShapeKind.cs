namespace PidGpu.Inputs.Scenes;

/// <summary>
/// The three shapes. Each has a distinct pixel area in its cell (square 36, circle 24, triangle 20 pixels
/// at the default 8-pixel cell), so a shape can be recognised from its blob alone.
/// </summary>
public enum ShapeKind
{
    Square,
    Circle,
    Triangle,
}
