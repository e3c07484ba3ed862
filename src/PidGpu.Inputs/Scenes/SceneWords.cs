namespace PidGpu.Inputs.Scenes;

/// <summary>The English words used for colours, shapes and answers (the one place they are spelled).</summary>
public static class SceneWords
{
    public static IReadOnlyList<ShapeColor> Colors { get; } = [ShapeColor.Red, ShapeColor.Green, ShapeColor.Blue, ShapeColor.Yellow];

    public static IReadOnlyList<ShapeKind> Shapes { get; } = [ShapeKind.Square, ShapeKind.Circle, ShapeKind.Triangle];

    public const string Yes = "yes";
    public const string No = "no";

    public static IReadOnlyList<string> YesNo { get; } = [Yes, No];

    /// <summary>Count answers, index = count - 1.</summary>
    public static IReadOnlyList<string> Counts { get; } = ["one", "two", "three"];

    public static string Word(this ShapeColor color) => color switch
    {
        ShapeColor.Red => "red",
        ShapeColor.Green => "green",
        ShapeColor.Blue => "blue",
        ShapeColor.Yellow => "yellow",
        _ => throw new ArgumentOutOfRangeException(nameof(color)),
    };

    public static string Word(this ShapeKind shape) => shape switch
    {
        ShapeKind.Square => "square",
        ShapeKind.Circle => "circle",
        ShapeKind.Triangle => "triangle",
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    public static string Plural(this ShapeKind shape) => shape.Word() + "s";

    public static string YesNoWord(bool value) => value ? Yes : No;

    /// <summary>The RGB value a colour is drawn with.</summary>
    public static (byte R, byte G, byte B) Rgb(this ShapeColor color) => color switch
    {
        ShapeColor.Red => (255, 0, 0),
        ShapeColor.Green => (0, 255, 0),
        ShapeColor.Blue => (0, 0, 255),
        ShapeColor.Yellow => (255, 255, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(color)),
    };
}
