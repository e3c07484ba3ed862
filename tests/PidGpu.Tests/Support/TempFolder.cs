using System.Globalization;

namespace PidGpu.Tests;

/// <summary>A fresh temporary folder per test, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pidgpu-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes float values one per line with a header, in the invariant round-trip format.</summary>
    public string WriteColumn(string name, IEnumerable<float> values)
        => Write(name, "value\n" + string.Join("\n", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\n");

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* leave it to the OS temp cleaner */ }
    }
}
