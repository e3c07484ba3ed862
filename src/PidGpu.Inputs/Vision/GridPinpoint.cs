namespace PidGpu.Inputs.Vision;

/// <summary>A resolution of LLaVA-1.6's <c>image_grid_pinpoints</c>, height then width as in the config's [h, w] pairs.</summary>
public readonly record struct GridPinpoint(int Height, int Width);
