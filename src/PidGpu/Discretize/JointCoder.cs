using PidGpu.Estimate;

namespace PidGpu.Discretize;

/// <summary>
/// Several discrete columns as one variable: the joint code of a row is its mixed-radix number
/// ((c₀·n₁ + c₁)·n₂ + c₂)…, so the alphabet is Π nᵢ, which must fit in a <see cref="JointDistribution"/>.
/// </summary>
internal static class JointCoder
{
    /// <summary>Joint codes of <paramref name="columns"/>, column i holding codes 0..alphabets[i]−1.</summary>
    /// <exception cref="PidInputException">No columns, unequal lengths, a code outside its alphabet, or Π alphabets &gt; JointDistribution.MaxCells.</exception>
    public static (int[] Codes, int Alphabet) Combine(IReadOnlyList<int[]> columns, IReadOnlyList<int> alphabets, string name = "columns")
    {
        if (columns.Count == 0 || columns.Count != alphabets.Count)
            throw new PidInputException($"{name}: {columns.Count} columns and {alphabets.Count} alphabet sizes; need one size per column, at least one column.");
        long alphabet = 1;
        for (int c = 0; c < columns.Count; c++)
        {
            if (alphabets[c] < 1)
                throw new PidInputException($"{name}: column {c} has alphabet size {alphabets[c]}.") { Column = c };
            alphabet *= alphabets[c];
            if (alphabet > JointDistribution.MaxCells)
                throw new PidInputException($"{name}: the joint alphabet of {string.Join("×", alphabets)} values exceeds the {JointDistribution.MaxCells} cells of a joint distribution; use fewer bins or columns.");
            if (columns[c].Length != columns[0].Length)
                throw new PidInputException($"{name}: column {c} has {columns[c].Length} rows, column 0 has {columns[0].Length}.") { Column = c };
        }
        var codes = new int[columns[0].Length];
        for (int c = 0; c < columns.Count; c++)
        {
            int n = alphabets[c];
            var column = columns[c];
            for (int i = 0; i < codes.Length; i++)
            {
                if ((uint)column[i] >= (uint)n)
                    throw new PidInputException($"{name}: row {i}, column {c} has code {column[i]} outside 0..{n - 1}.") { Row = i, Column = c };
                codes[i] = codes[i] * n + column[i];
            }
        }
        return (codes, (int)alphabet);
    }

    /// <summary>Bins every float column on the device with <paramref name="binner"/> (<paramref name="bins"/> each), then combines them.</summary>
    /// <exception cref="PidInputException">As for <see cref="Binner.Bin"/> and <see cref="Combine"/>; the alphabet is checked before binning.</exception>
    public static (int[] Codes, int Alphabet) BinAndCombine(Binner binner, IReadOnlyList<float[]> columns, int bins, BinningMode mode, string name = "columns")
    {
        var alphabets = Enumerable.Repeat(bins, columns.Count).ToArray();
        if (bins >= 2 && Math.Pow(bins, columns.Count) > JointDistribution.MaxCells)
            throw new PidInputException($"{name}: {columns.Count} columns of {bins} bins make {bins}^{columns.Count} joint values, more than the {JointDistribution.MaxCells} cells of a joint distribution; use fewer bins or columns.");
        var codes = new int[columns.Count][];
        for (int c = 0; c < columns.Count; c++) codes[c] = binner.Bin(columns[c], bins, mode, $"{name} column {c}");
        return Combine(codes, alphabets, name);
    }
}
