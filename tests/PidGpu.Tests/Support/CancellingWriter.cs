using System.Globalization;

namespace PidGpu.Tests.Support;

/// <summary>Cancels when a line starting with <paramref name="trigger"/> is written.</summary>
public sealed class CancellingWriter(string trigger, CancellationTokenSource interrupt) : StringWriter(CultureInfo.InvariantCulture)
{
    public override void WriteLine(string? value)
    {
        lock (this) base.WriteLine(value);
        if (value is not null && value.StartsWith(trigger, StringComparison.Ordinal)) interrupt.Cancel();
    }

    public override string ToString() { lock (this) return base.ToString(); }
}
