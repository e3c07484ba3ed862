using CommandLine;
using CommandLine.Text;

namespace PidGpu.Cli;

/// <summary>The pidgpu command line, callable in-process (tests pass their own writers). Exit codes: see <see cref="ExitCodes"/>.</summary>
public static class CliApp
{
    static readonly Type[] Verbs = [typeof(DecomposeOptions), typeof(ReportOptions), typeof(CompareOptions), typeof(TrainTinyOptions), typeof(AnalyzeOptions), typeof(KnockoutOptions), typeof(DemoOptions),
        typeof(ScenesOptions), typeof(InspectOptions), typeof(CaptureOptions)];

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
            var parsed = parser.ParseArguments(args.Select(LongToShort), Verbs);
            return parsed.MapResult(
                (DecomposeOptions o) => DecomposeCommand.Run(o, stdout, stderr),
                (ReportOptions o) => ReportCommand.Run(o, stdout, stderr),
                (CompareOptions o) => CompareCommand.Run(o, stdout, stderr),
                (TrainTinyOptions o) => TrainTinyCommand.Run(o, stdout, stderr),
                (AnalyzeOptions o) => AnalyzeCommand.Run(o, o.Knockout, stdout, stderr, cancel),
                (KnockoutOptions o) => AnalyzeCommand.Run(o, o.Layers, stdout, stderr, cancel),
                (DemoOptions o) => DemoCommand.Run(o, stdout, stderr, cancel),
                (ScenesOptions o) => ScenesCommand.Run(o, stdout, stderr),
                (InspectOptions o) => InspectCommand.Run(o, stdout, stderr),
                (CaptureOptions o) => CaptureCommand.Run(o, stdout, stderr, cancel),
                errors => ParseFailed(parsed, errors.ToList(), stdout, stderr));
        }, stderr);
    }

    /// <summary>Lets users write --y like --x1 and --x2 (the parser only allows -y for a one-letter name).</summary>
    static string LongToShort(string arg) => arg == "--y" ? "-y" : arg.StartsWith("--y=", StringComparison.Ordinal) ? "-y" + arg[4..] : arg;

    /// <summary>Maps exceptions to exit codes: bad input 2, anything else 1.</summary>
    static int Guarded(Func<int> command, TextWriter stderr)
    {
        try
        {
            return command();
        }
        catch (Exception ex) when (Unwrap(ex) is PidInputException input)
        {
            stderr.WriteLine($"error: {input.Message}");
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

    static int ParseFailed(ParserResult<object> parsed, List<Error> errors, TextWriter stdout, TextWriter stderr)
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
            stderr.WriteLine($"error: {sentences.FormatError(error)}");
        stderr.WriteLine(Help(parsed, errors));
        return ExitCodes.BadInput;
    }

    static string[] UsageOf(Type verb)
        => verb == typeof(ReportOptions) ? ReportOptions.Usage
            : verb == typeof(CompareOptions) ? CompareOptions.Usage
            : verb == typeof(TrainTinyOptions) || verb == typeof(AnalyzeOptions) || verb == typeof(KnockoutOptions) || verb == typeof(DemoOptions)
                || verb == typeof(ScenesOptions) || verb == typeof(InspectOptions) || verb == typeof(CaptureOptions) ? []
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
            h.AddPostOptionsLine(ExitCodes.HelpText);
            return h;
        }, e => e, verbsIndex: verbList, maxDisplayWidth: 100).ToString();
    }
}
