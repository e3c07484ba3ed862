namespace PidGpu.Report;

/// <summary>
/// The turning points of a trajectory that the paper reports (U_V peak ~ layers 0–1, U_L trough ~ 10–15, surge onset ~ 19)
/// without defining them. Our rules, on records ordered by layer, with L the last layer index:
/// <list type="bullet">
/// <item>U_V peak: the layer of the largest U1 (earliest on ties).</item>
/// <item>U_L trough: the layer of the smallest U2 among the layers ℓ ≤ round(2L / 3) (earliest on ties); the last third is left
/// out because that is where the surge happens, and a late minimum would not be a trough before it.</item>
/// <item>Surge onset: the first layer after the trough whose U2 reaches the trough value plus half of the rise from the trough
/// to the last layer, U2(ℓ) ≥ U2(trough) + ½ (U2(L) − U2(trough)). Undefined when that rise is under
/// <see cref="ReadOff.FloorBits"/> (no surge to speak of).</item>
/// </list>
/// </summary>
internal static class TurningPoints
{
    /// <summary>The last layer index that may hold the U_L trough: round(2L / 3), L = <paramref name="lastLayer"/>.</summary>
    public static int TroughLimit(int lastLayer) => (int)Math.Round(2.0 * lastLayer / 3, MidpointRounding.AwayFromZero);

    /// <summary>The layer of the largest U1; <paramref name="layers"/> ordered by layer, not empty.</summary>
    public static LayerRecord VisionPeak(IReadOnlyList<LayerRecord> layers)
    {
        var peak = layers[0];
        foreach (var r in layers) if (r.U1 > peak.U1) peak = r;
        return peak;
    }

    /// <summary>The layer of the smallest U2 among layers ≤ <see cref="TroughLimit"/>.</summary>
    public static LayerRecord LanguageTrough(IReadOnlyList<LayerRecord> layers)
    {
        int limit = TroughLimit(layers[^1].Layer);
        var trough = layers[0];
        foreach (var r in layers) if (r.Layer <= limit && r.U2 < trough.U2) trough = r;
        return trough;
    }

    /// <summary>The surge onset layer after <paramref name="trough"/>, or undefined with the reason.</summary>
    public static (int? Layer, string? Undefined) SurgeOnset(IReadOnlyList<LayerRecord> layers, LayerRecord trough)
    {
        double rise = layers[^1].U2 - trough.U2;
        if (rise < ReadOff.FloorBits)
            return (null, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no surge: U_L(L) - trough = {rise:G3} bits < {ReadOff.FloorBits}"));
        double threshold = trough.U2 + 0.5 * rise;
        foreach (var r in layers)
            if (r.Layer > trough.Layer && r.U2 >= threshold) return (r.Layer, null);
        return (layers[^1].Layer, null); // unreachable: the last layer's U2 is trough + rise ≥ threshold
    }
}
