using PidGpu.Uncertainty;

namespace PidGpu.Report;

/// <summary>
/// The decomposition of one (model, task, layer, condition), in bits.
/// </summary>
/// <param name="Model">Model name (no commas, quotes or line breaks: it is a CSV field).</param>
/// <param name="Task">Task name (same rule).</param>
/// <param name="Layer">Hidden-state index in Hugging Face <c>output_hidden_states</c> order: 0 = embedding output,
/// 1..L = block outputs (the last one after the final norm). Plots and tables label layers by this index.</param>
/// <param name="Condition">See <see cref="Conditions"/>: <c>intact</c> or <c>knockout:A-B</c>.</param>
/// <param name="R">Redundant information.</param>
/// <param name="U1">Vision-unique information (source X1 = image tokens).</param>
/// <param name="U2">Language-unique information (source X2 = question tokens).</param>
/// <param name="S">Synergistic information.</param>
/// <param name="I">Total I(Y; X1, X2).</param>
/// <param name="Samples">Samples the decomposition used.</param>
public sealed record LayerRecord(
    string Model, string Task, int Layer, string Condition,
    double R, double U1, double U2, double S, double I, int Samples)
{
    /// <summary>Lower bootstrap interval bounds per atom, when resampled.</summary>
    public AtomValues? Lower { get; init; }

    /// <summary>Upper bootstrap interval bounds per atom, when resampled.</summary>
    public AtomValues? Upper { get; init; }

    /// <summary>Upper quantile of the shuffled-Y null per atom, when computed.</summary>
    public AtomValues? NullUpper { get; init; }

    /// <summary>Fraction of the samples answered correctly (0..1), when known.</summary>
    public double? Accuracy { get; init; }

    /// <summary>The value of one atom.</summary>
    public double Get(Atom atom) => atom switch
    {
        Atom.R => R,
        Atom.U1 => U1,
        Atom.U2 => U2,
        Atom.S => S,
        Atom.I => I,
        _ => throw new ArgumentOutOfRangeException(nameof(atom)),
    };

    /// <summary>One atom of a per-atom bundle (interval bound or null quantile).</summary>
    public static double Get(AtomValues values, Atom atom) => atom switch
    {
        Atom.R => values.R,
        Atom.U1 => values.U1,
        Atom.U2 => values.U2,
        Atom.S => values.S,
        Atom.I => values.I,
        _ => throw new ArgumentOutOfRangeException(nameof(atom)),
    };

    /// <summary>Checks names, indices and numbers; <paramref name="where"/> prefixes the message (file and row).</summary>
    /// <exception cref="PidInputException">A field is missing, malformed or not finite.</exception>
    public void Validate(string where)
    {
        Name(Model, "model", where);
        Name(Task, "task", where);
        if (Layer < 0) throw new PidInputException($"{where}: layer {Layer} is negative.");
        if (Condition is null || !Conditions.IsValid(Condition))
            throw new PidInputException($"{where}: condition '{Condition}' is neither 'intact' nor 'knockout:A-B'.");
        if (Samples < 0) throw new PidInputException($"{where}: samples {Samples} is negative.");
        foreach (var atom in AtomNames.All)
            Finite(Get(atom), atom.ToString(), where);
        Bundle(Lower, "lower bound", where);
        Bundle(Upper, "upper bound", where);
        Bundle(NullUpper, "null upper quantile", where);
        if (Accuracy is double a && (!double.IsFinite(a) || a < 0 || a > 1))
            throw new PidInputException($"{where}: accuracy {a} is not a fraction in [0, 1].");
    }

    static void Name(string? value, string field, string where)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new PidInputException($"{where}: {field} is missing or empty.");
        if (value.IndexOfAny([',', '"', '\n', '\r']) >= 0)
            throw new PidInputException($"{where}: {field} '{value}' contains a comma, quote or line break.");
    }

    static void Finite(double value, string field, string where)
    {
        if (!double.IsFinite(value))
            throw new PidInputException($"{where}: {field} is {value}, not a finite number of bits.");
    }

    static void Bundle(AtomValues? values, string what, string where)
    {
        if (values is null) return;
        foreach (var atom in AtomNames.All)
            Finite(Get(values, atom), $"{atom} {what}", where);
    }
}
