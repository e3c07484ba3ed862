using PidGpu.Estimate.Measures;

namespace PidGpu.Estimate;

/// <summary>
/// The catalogue of PID measures (<see cref="IPidMeasure"/>): one instance per measure, the names of their forms, and the
/// look-up from a name as results and the command line spell it.
/// </summary>
public static class PidMeasures
{
    /// <summary>Williams &amp; Beer (2010) I_min: discrete form only.</summary>
    public static IPidMeasure IMin => IMinMeasure.Instance;

    /// <summary>Minimum mutual information (Barrett 2015): discrete and Gaussian forms.</summary>
    public static IPidMeasure Mmi => MmiMeasure.Instance;

    /// <summary>BROJA (Bertschinger et al. 2014): discrete form, and ~G-PID (Venkatesh et al. 2023) as its Gaussian form.</summary>
    public static IPidMeasure Broja => BrojaMeasure.Instance;

    /// <summary>Every measure, in the order results list them: imin, mmi, broja.</summary>
    public static IReadOnlyList<IPidMeasure> All { get; } = [IMinMeasure.Instance, MmiMeasure.Instance, BrojaMeasure.Instance];

    /// <summary>The measures with a Gaussian form, in the order results list them: mmi, broja (as "gpid").</summary>
    public static IReadOnlyList<IPidMeasure> Gaussian { get; } = [.. All.Where(m => m.GaussianName is not null)];

    /// <summary>The measure whose discrete or Gaussian form is called <paramref name="name"/> (case and surrounding blanks
    /// ignored): "imin", "mmi", "broja", or "gpid" (BROJA's Gaussian form). Null when none is.</summary>
    public static IPidMeasure? Find(string name)
    {
        var key = name.Trim();
        return All.FirstOrDefault(m => key.Equals(m.Name, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(m => key.Equals(m.GaussianName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Refuses measures from outside the catalogue or without a Gaussian form, naming the forms such a measure has.</summary>
    internal static void RequireGaussianForms(IEnumerable<IPidMeasure> measures)
    {
        foreach (var m in measures) RequireGaussianForm(m);
    }

    /// <summary>Refuses a measure from outside the catalogue or one without a Gaussian form, naming the forms it has.</summary>
    internal static void RequireGaussianForm(IPidMeasure measure)
    {
        CheckCatalogued([measure]);
        if (measure.GaussianName is null) throw NoGaussianForm(measure);
    }

    /// <summary>The error of asking for a form a measure does not have, naming the forms it has.</summary>
    internal static PidInputException NoGaussianForm(IPidMeasure measure) =>
        new($"the measure {measure.Name} has no Gaussian form (it has the discrete form only); the measures with a Gaussian form are " +
            $"{string.Join(", ", Gaussian.Select(m => m.GaussianName))}.");

    /// <summary>Refuses a measure that is not one of the catalogue's (the engines batch the catalogue's measures only).</summary>
    internal static void CheckCatalogued(IEnumerable<IPidMeasure> measures)
    {
        foreach (var m in measures)
            if (!All.Contains(m))
                throw new PidInputException($"the measure {m?.Name ?? "null"} is not one of the catalogue's ({string.Join(", ", All.Select(a => a.Name))}).");
    }
}
