namespace PidGpu.Analysis;

/// <summary>The paper's read-offs for one (model, task, condition) trajectory; see <see cref="RunSummary"/> for the rules.</summary>
/// <param name="Layers">Number of layers in the trajectory.</param>
/// <param name="LastLayer">The highest layer index (the decision layer).</param>
/// <param name="VisionPeakLayer">Layer where U1 (vision-unique) is largest.</param>
/// <param name="VisionPeakBits">U1 at that layer.</param>
/// <param name="LanguageShareLast">U2 / I at the last layer.</param>
/// <param name="MaxSynergyShare">Largest S / I over the layers.</param>
/// <param name="MaxSynergyLayer">The layer of that maximum (null when undefined).</param>
/// <param name="Stages">Mean atoms over early, middle and late layers.</param>
public sealed record SeriesSummary(
    string Model, string Task, string Condition, int Layers, int LastLayer,
    int VisionPeakLayer, double VisionPeakBits, ReadOff LanguageShareLast,
    ReadOff MaxSynergyShare, int? MaxSynergyLayer, IReadOnlyList<StageMean> Stages);
