using PidGpu.Progress;

namespace PidGpu.Cli;

/// <summary>
/// Shows a <see cref="RunProgress"/> on stderr. On a terminal: one bar redrawn in place (at most 10 times a second), with
/// messages printed above it. Redirected (logs, CI): a plain line at every further 10 % or every 15 s, so logs stay short.
/// </summary>
internal sealed class ConsoleProgress(TextWriter writer, bool interactive, Func<double>? clock = null) : IProgressSink
{
    const int BarWidth = 24;
    readonly Func<double> now = clock ?? (() => Environment.TickCount64 / 1000.0);
    double lastDraw = double.NegativeInfinity;
    int lastDecile; // 0 %: nothing to say yet
    string shown = "";

    /// <summary>Interactive when <paramref name="stderr"/> is the process's own, not redirected, standard error.</summary>
    public static ConsoleProgress For(TextWriter stderr) =>
        new(stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);

    public void Changed(RunProgress progress)
    {
        double t = now();
        if (interactive)
        {
            if (!progress.Finished && t - lastDraw < 0.1) return;
            lastDraw = t;
            Draw($"{Bar(progress.Fraction)} {progress.Line()}");
            if (progress.Finished) EndLine();
            return;
        }
        if (double.IsNegativeInfinity(lastDraw)) lastDraw = t; // the 15 s clock starts with the first update
        int decile = (int)Math.Floor(progress.Fraction * 10);
        if (decile > lastDecile || t - lastDraw >= 15)
        {
            lastDecile = Math.Max(lastDecile, decile);
            lastDraw = t;
            writer.WriteLine($"progress {progress.Fraction * 100:F0}%: {progress.Line()}");
        }
    }

    public void Log(string line)
    {
        if (interactive && shown.Length > 0)
        {
            writer.Write('\r' + new string(' ', shown.Length) + '\r');
            writer.WriteLine(line);
            writer.Write(shown);
            return;
        }
        writer.WriteLine(line);
    }

    /// <summary>Ends the bar's line so that later output starts on a fresh one.</summary>
    public void EndLine()
    {
        if (!interactive || shown.Length == 0) return;
        writer.WriteLine();
        shown = "";
    }

    void Draw(string text)
    {
        string padded = text.Length < shown.Length ? text + new string(' ', shown.Length - text.Length) : text;
        writer.Write('\r' + padded);
        writer.Flush();
        shown = text;
    }

    static string Bar(double fraction)
    {
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        return $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] {fraction * 100,3:F0}%";
    }
}
