namespace PidGpu.Estimate;

/// <summary>Redundancy measures of the discrete engine; flags so a caller can ask for several at once.</summary>
[Flags]
public enum PidMeasure
{
    None = 0,
    /// <summary>Williams &amp; Beer (2010) I_min.</summary>
    IMin = 1,
    /// <summary>Minimum mutual information (Barrett 2015).</summary>
    Mmi = 2,
    /// <summary>Bertschinger, Rauh, Olbrich, Jost &amp; Ay (2014) unique information.</summary>
    Broja = 4,
    All = IMin | Mmi | Broja,
}
