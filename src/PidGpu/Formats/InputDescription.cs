namespace PidGpu.Formats;

/// <summary>What was decomposed, recorded in the result file so a result can be traced to its input.</summary>
/// <param name="Mode">"joint", "counts" or "columns".</param>
/// <param name="Description">Human-readable source, e.g. the file names.</param>
/// <param name="Samples">Number of samples for counts/columns input; null for a joint table.</param>
/// <param name="Bins">Bins per column for float columns; null otherwise.</param>
/// <param name="Binning">"uniform" or "quantile" for float columns; null otherwise.</param>
/// <param name="Codes">For integer-coded input: the original codes of x1, x2 and y in the order of the table's rows
/// (table index i stands for code Codes[v][i]); null otherwise.</param>
public sealed record InputDescription(string Mode, string Description, int N1, int N2, int NY,
    int? Samples = null, int? Bins = null, string? Binning = null, IReadOnlyList<long[]>? Codes = null);
