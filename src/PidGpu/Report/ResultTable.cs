using System.Globalization;
using PidGpu.Estimate;

namespace PidGpu.Report;

/// <summary>The human-readable summary on stdout: one aligned row per measure (the JSON keeps full precision).</summary>
internal static class ResultTable
{
    const string Row = "{0,-8}{1,11}{2,11}{3,11}{4,11}{5,11}{6,11}{7,12}";

    public static void Write(TextWriter w, DiscreteDecomposition result)
    {
        bool broja = result.Broja is not null;
        w.WriteLine(Line("measure", "R", "U1", "U2", "S", "I", broja ? "gap_bits" : "", broja ? "iterations" : ""));
        if (result.IMin is { } imin) w.WriteLine(Atoms(PidMeasures.IMin.Name, imin));
        if (result.Mmi is { } mmi) w.WriteLine(Atoms(PidMeasures.Mmi.Name, mmi));
        if (result.Broja is { } b)
            w.WriteLine(Atoms(PidMeasures.Broja.Name, b, b.GapBits.ToString("0.0E+0", CultureInfo.InvariantCulture),
                b.Iterations.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The Gaussian estimator's rows: mmi, then gpid (~G-PID) with its gap and iterations.</summary>
    public static void Write(TextWriter w, PidAtoms? mmi, GpidAtoms? gpid)
    {
        bool gap = gpid is not null;
        w.WriteLine(Line("measure", "R", "U1", "U2", "S", "I", gap ? "gap_bits" : "", gap ? "iterations" : ""));
        if (mmi is not null) w.WriteLine(Atoms(PidMeasures.Mmi.GaussianName!, mmi));
        if (gpid is { } g)
            w.WriteLine(Atoms(PidMeasures.Broja.GaussianName!, g, g.GapBits.ToString("0.0E+0", CultureInfo.InvariantCulture),
                g.Iterations.ToString(CultureInfo.InvariantCulture)));
    }

    static string Atoms(string name, PidAtoms a, string gap = "", string iterations = "")
        => Line(name, Bits(a.R), Bits(a.U1), Bits(a.U2), Bits(a.S), Bits(a.I), gap, iterations);

    static string Bits(double v) => BitsText.Format(v);

    static string Line(params object[] cells) => string.Format(CultureInfo.InvariantCulture, Row, cells).TrimEnd();
}
