using CommandLine;
using CommandLine.Text;

namespace PidGpu.Cli;

/// <summary>The pidgpu command line, callable in-process (tests pass their own writers). Exit codes: see <see cref="ExitCodes"/>.</summary>
public static class CliApp
{
    static readonly Type[] Verbs = [typeof(DecomposeOptions), typeof(ReportOptions), typeof(CompareOptions), .. ModelCommands.Verbs];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, CancellationToken.None);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>; <paramref name="cancel"/> (Ctrl-C) stops long runs cleanly.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        // HelpWriter = null: we print help and errors ourselves, to the writers we were given.
        using var parser = new Parser(s =>
        {
            s.HelpWriter = null;
            s.AutoHelp = true;
            s.AutoVersion = true;
            s.CaseInsensitiveEnumValues = true;
        });
        return Guarded(() =>
        {
            if (ModelCommands.NotInThisTool(args) is { } elsewhere)
            {
                stderr.WriteLine($"error: {elsewhere}");
                return ExitCodes.BadInput;
            }
            var parsed = parser.ParseArguments(args.Select(LongToShort), Verbs);
            if (parsed is Parsed<object> { Value: IExtraArguments { Extra: var extra } } && extra.Any())
                return Usage(parsed, PositionalArguments.Extra(parsed.TypeInfo.Current, extra.ToList()), stderr);
            return parsed.MapResult(
                (DecomposeOptions o) => Interruptible.Run("decompose", gate => DecomposeCommand.Run(o, stdout, stderr, gate, cancel), stderr, cancel),
                (ReportOptions o) => Interruptible.Run("report", gate => ReportCommand.Run(o, stdout, stderr, gate), stderr, cancel),
                (CompareOptions o) => Interruptible.Run("compare", gate => CompareCommand.Run(o, stdout, stderr, gate), stderr, cancel),
                (object o) => ModelCommands.Run(o, stdout, stderr, cancel),
                errors => ParseFailed(parsed, errors.ToList(), args, stdout, stderr));
        }, stderr);
    }

    /// <summary>Lets users write --y like --x1 and --x2 (the parser only allows -y for a one-letter name), and -h for --help.</summary>
    static string LongToShort(string arg) => arg switch
    {
        "--y" => "-y",
        "-h" => "--help",
        _ when arg.StartsWith("--y=", StringComparison.Ordinal) => "-y" + arg[4..],
        _ => arg,
    };

    /// <summary>Maps exceptions to exit codes: bad input 2, anything else 1.</summary>
    static int Guarded(Func<int> command, TextWriter stderr)
    {
        try
        {
            return command();
        }
        catch (Exception ex) when (Unwrap(ex) is PidInputException input)
        {
            stderr.WriteLine($"error: {SettingFlags.Wording(input)}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"internal error: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.InternalError;
        }
    }

    static Exception Unwrap(Exception ex)
        => ex is AggregateException { InnerExceptions.Count: 1 } agg ? Unwrap(agg.InnerExceptions[0]) : ex;

    static int ParseFailed(ParserResult<object> parsed, List<Error> errors, string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (errors.IsVersion())
        {
            stdout.WriteLine($"pidgpu {typeof(CliApp).Assembly.GetName().Version}");
            return ExitCodes.Success;
        }
        // "pidgpu help decompose" names a verb: answer as "pidgpu decompose --help" would, with its options.
        if (errors.OfType<HelpVerbRequestedError>().FirstOrDefault() is { Matched: true, Verb: { } verb })
            return Run([verb, "--help"], stdout, stderr);
        if (errors.IsHelp())
        {
            stdout.WriteLine(Help(parsed, errors));
            return ExitCodes.Success;
        }
        var sentences = SentenceBuilder.Create();
        foreach (var error in errors)
            stderr.WriteLine(error is MissingRequiredOptionError { NameInfo.NameText: "" } && parsed.TypeInfo.Current is { } verbType
                ? $"error: {PositionalArguments.Missing(verbType, args)}"
                : $"error: {sentences.FormatError(error)}");
        stderr.WriteLine(Help(parsed, errors));
        return ExitCodes.BadInput;
    }

    /// <summary>A usage error found after parsing: the message, then the verb's usage and options (as --help prints them); exit 2.</summary>
    static int Usage(ParserResult<object> parsed, string message, TextWriter stderr)
    {
        stderr.WriteLine($"error: {message}");
        if (parsed.TypeInfo.Current.GetCustomAttributes(typeof(VerbAttribute), false) is [VerbAttribute verb, ..])
            Run([verb.Name, "--help"], stderr, stderr);
        return ExitCodes.BadInput;
    }

    static string[] UsageOf(Type verb)
        => verb == typeof(ReportOptions) ? ReportOptions.Usage
            : verb == typeof(CompareOptions) ? CompareOptions.Usage
            : ModelCommands.Verbs.Contains(verb) ? []
            : DecomposeOptions.Usage;

    static string Help(ParserResult<object> parsed, List<Error> errors)
    {
        bool verbList = errors.Any(e => e is NoVerbSelectedError or BadVerbSelectedError or HelpVerbRequestedError { Matched: false });
        return HelpText.AutoBuild(parsed, h =>
        {
            h.Heading = "pidgpu: partial information decomposition of I(Y; X1, X2) into R, U1, U2, S (bits)";
            h.Copyright = string.Empty;
            h.AdditionalNewLineAfterOption = false;
            if (!verbList) h.AddPreOptionsLines(UsageOf(parsed.TypeInfo.Current));
            if (verbList && ModelCommands.HelpLine is { } elsewhere) h.AddPostOptionsLine(elsewhere);
            h.AddPostOptionsLine(ExitCodes.HelpText);
            return h;
        }, e => e, verbsIndex: verbList, maxDisplayWidth: 100).ToString();
    }
}
