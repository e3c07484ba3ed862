namespace PidGpu.Inputs.Scenes;

/// <summary>The four colours a scene object can have; pure RGB primaries so pixels identify them exactly.</summary>
public enum ShapeColor
{
    Red,
    Green,
    Blue,
    Yellow,
}
