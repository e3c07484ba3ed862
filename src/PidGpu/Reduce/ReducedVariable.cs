using PidGpu.Reduce;

namespace PidGpu.Reduce;

/// <summary>One variable after reduction: rows × Columns doubles (row-major); <see cref="Pca"/> is null when it was not reduced.</summary>
public sealed record ReducedVariable(string Name, string Source, int InputColumns, double[] Data, int Rows, int Columns, PcaModel? Pca);
