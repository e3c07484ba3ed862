namespace PidGpu.Progress;

/// <summary>Where a <see cref="RunProgress"/> is shown: a console bar, a log, a GUI, or nowhere.</summary>
public interface IProgressSink
{
    /// <summary>Some stage advanced.</summary>
    void Changed(RunProgress progress);

    /// <summary>A message line.</summary>
    void Log(string line);

    /// <summary>Shows nothing.</summary>
    static IProgressSink None { get; } = new Silent();

    internal sealed class Silent : IProgressSink
    {
        public void Changed(RunProgress progress) { }
        public void Log(string line) { }
    }
}
