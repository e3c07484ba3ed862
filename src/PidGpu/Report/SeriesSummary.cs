namespace PidGpu.Report;

/// <summary>The paper's read-offs for one (model, task, condition) trajectory; see <see cref="RunSummary"/> and
/// <see cref="TurningPoints"/> for the rules.</summary>
/// <param name="Layers">Number of layers in the trajectory.</param>
/// <param name="LastLayer">The highest layer index (the decision layer).</param>
/// <param name="VisionPeakLayer">Layer where U1 (vision-unique, U_V) is largest.</param>
/// <param name="VisionPeakBits">U1 at that layer.</param>
/// <param name="LanguageShareLast">U2 / I at the last layer.</param>
/// <param name="MaxSynergyShare">Largest S / I over the layers.</param>
/// <param name="MaxSynergyLayer">The layer of that maximum (null when undefined).</param>
/// <param name="Stages">Mean atoms over early, middle and late layers.</param>
/// <param name="FinalLayer">The atoms, U_L share and U_L / U_V at the last layer.</param>
/// <param name="LanguageTroughLayer">Layer of the smallest U2 (U_L) in the first two thirds.</param>
/// <param name="SurgeOnsetLayer">First layer after the trough where U_L is half-way up to its last-layer value (null when undefined).</param>
/// <param name="SurgeOnsetUndefined">Why there is no surge onset, when there is none.</param>
public sealed record SeriesSummary(
    string Model, string Task, string Condition, int Layers, int LastLayer,
    int VisionPeakLayer, double VisionPeakBits, ReadOff LanguageShareLast,
    ReadOff MaxSynergyShare, int? MaxSynergyLayer, IReadOnlyList<StageMean> Stages,
    FinalLayerTable FinalLayer, int LanguageTroughLayer, int? SurgeOnsetLayer, string? SurgeOnsetUndefined);
