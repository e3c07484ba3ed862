using System.Globalization;

namespace PidGpu.Models.Capture;

/// <summary>Decoder-layer sets written as text: <c>0-3</c>, <c>0,2,5-7</c>, <c>all</c> or <c>none</c> (0-based block indices).</summary>
public static class LayerWindow
{
    public static IReadOnlyList<int> Parse(string text, int layerCount)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t is "none" or "") return [];
        if (t == "all") return Enumerable.Range(0, layerCount).ToArray();
        var layers = new SortedSet<int>();
        foreach (string part in t.Split(','))
        {
            string[] ends = part.Trim().Split('-');
            if (ends.Length is < 1 or > 2 || !ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new PidInputException($"layer window '{text}': '{part}' is not a layer or a range like 0-3");
            int from = int.Parse(ends[0], CultureInfo.InvariantCulture), to = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            if (from > to || to >= layerCount)
                throw new PidInputException($"layer window '{text}': '{part}' is not within the decoder's layers 0..{layerCount - 1}");
            for (int l = from; l <= to; l++) layers.Add(l);
        }
        return layers.ToArray();
    }
}
