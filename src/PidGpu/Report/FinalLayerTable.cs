namespace PidGpu.Report;

/// <summary>
/// The paper's final-layer read-off of one trajectory (the decision layer, the highest index): the atoms in bits, the U_L share
/// of the total (undefined when |total| &lt; <see cref="ReadOff.ZeroBits"/>) and U_L / U_V (undefined when U_V &lt;
/// <see cref="ReadOff.FloorBits"/>; with a scalar Gaussian target MMI makes min(U_V, U_L) = 0, so this is often n/a).
/// </summary>
/// <param name="UV">U1, vision-unique.</param>
/// <param name="UL">U2, language-unique.</param>
/// <param name="Total">I(Y; X_V, X_L).</param>
public sealed record FinalLayerTable(int Layer, double R, double UV, double UL, double S, double Total, ReadOff ULShare, ReadOff ULOverUV)
{
    public static FinalLayerTable Of(LayerRecord last) => new(last.Layer, last.R, last.U1, last.U2, last.S, last.I,
        ReadOff.Ratio(last.U2, last.I, $"I at layer {last.Layer}"), ReadOff.RatioAboveFloor(last.U2, last.U1));
}
