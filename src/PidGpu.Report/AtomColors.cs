using ScottPlot;

namespace PidGpu.Report;

/// <summary>
/// One colour per atom in every plot, from the Okabe–Ito palette (distinguishable with the common colour-vision
/// deficiencies): R blue, U1 (vision) orange, U2 (language) bluish green, S reddish purple, I black.
/// </summary>
public static class AtomColors
{
    public static Color Of(Atom atom) => atom switch
    {
        Atom.R => Color.FromHex("#0072B2"),
        Atom.U1 => Color.FromHex("#E69F00"),
        Atom.U2 => Color.FromHex("#009E73"),
        Atom.S => Color.FromHex("#CC79A7"),
        _ => Color.FromHex("#000000"),
    };
}
