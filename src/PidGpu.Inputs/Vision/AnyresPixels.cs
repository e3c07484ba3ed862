namespace PidGpu.Inputs.Vision;

/// <summary>One image after anyres preprocessing: <see cref="Values"/> holds 1 + <see cref="AnyresLayout.Tiles"/> CHW crops
/// (the base image first, then the tiles row by row), <see cref="Layout"/> where their features go.</summary>
public sealed record AnyresPixels(float[] Values, AnyresLayout Layout);
