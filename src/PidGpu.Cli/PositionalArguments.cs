using System.Reflection;
using CommandLine;

namespace PidGpu.Cli;

/// <summary>
/// Says which positional arguments (RUN_A, RUN_B, RUN_DIR) a command line left out or added; the parser itself only
/// says "a required value is missing", and ignores extra ones.
/// </summary>
internal static class PositionalArguments
{
    static string VerbName(Type verb) => verb.GetCustomAttribute<VerbAttribute>()?.Name ?? "the command";

    static List<ValueAttribute> Values(Type verb) => verb.GetProperties().Select(p => p.GetCustomAttribute<ValueAttribute>())
        .OfType<ValueAttribute>().Where(v => !v.Hidden).OrderBy(v => v.Index).ToList();

    public static string Extra(Type verb, IReadOnlyList<string> extra)
    {
        var names = Values(verb).Select(v => v.MetaName).ToList();
        return $"unexpected argument{(extra.Count == 1 ? "" : "s")} {string.Join(" ", extra.Select(e => $"'{e}'"))}: " +
            $"{VerbName(verb)} takes {(names.Count == 0 ? "" : string.Join(" ", names) + " and ")}options (--name VALUE) only.";
    }

    public static string Missing(Type verb, IReadOnlyList<string> args)
    {
        var props = verb.GetProperties();
        var takesValue = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in props)
            if (p.GetCustomAttribute<OptionAttribute>() is { } o && p.PropertyType != typeof(bool))
            {
                if (!string.IsNullOrEmpty(o.LongName)) takesValue.Add("--" + o.LongName);
                if (!string.IsNullOrEmpty(o.ShortName)) takesValue.Add("-" + o.ShortName);
            }
        int given = 0;
        for (int i = 1; i < args.Count; i++) // args[0] is the verb
        {
            if (args[i].StartsWith('-'))
            {
                if (takesValue.Contains(args[i])) i++;
                continue;
            }
            given++;
        }
        var values = Values(verb).Where(v => v.Required).ToList();
        var missing = values.Where(v => v.Index >= given).Select(v => $"{v.MetaName} ({v.HelpText.TrimEnd('.')})").ToList();
        string verbName = VerbName(verb);
        string all = string.Join(" ", values.Select(v => v.MetaName));
        return missing.Count == 0
            ? $"{verbName} needs {all}."
            : $"{verbName} needs {all}; missing {string.Join(" and ", missing)}.";
    }
}
