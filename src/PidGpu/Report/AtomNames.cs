namespace PidGpu.Report;

/// <summary>Names of the atoms for tables and plot legends.</summary>
public static class AtomNames
{
    /// <summary>The four parts, in the order tables and plots use (the total I is separate).</summary>
    public static readonly Atom[] Parts = [Atom.R, Atom.U1, Atom.U2, Atom.S];

    /// <summary>The four parts and the total.</summary>
    public static readonly Atom[] All = [Atom.R, Atom.U1, Atom.U2, Atom.S, Atom.I];

    /// <summary>Short name with its meaning, e.g. "U1 (vision-unique)".</summary>
    public static string Describe(Atom atom) => atom switch
    {
        Atom.R => "R (redundant)",
        Atom.U1 => "U1 (vision-unique)",
        Atom.U2 => "U2 (language-unique)",
        Atom.S => "S (synergy)",
        Atom.I => "I (total)",
        _ => atom.ToString(),
    };
}
