namespace PidGpu.Inputs.Scenes;

/// <summary>The task families (see TASKS.md for each one's information structure).</summary>
public enum SceneTaskKind
{
    Attribute,
    Existence,
    Spatial,
    Counting,
    Comparison,
    LanguageControl,
    Redundant,
    XorSynergy,
    ShapeQuery,
    Side,
}
