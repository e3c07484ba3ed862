using System.Text.Json;
using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary>The cases of Reference/canonical-pid.json as JSON elements.</summary>
public static class CanonicalReference
{
    static readonly Lazy<JsonElement[]> Loaded = new(Load);

    /// <exception cref="InvalidOperationException">The reference file is missing from the test output.</exception>
    public static JsonElement[] Cases() => Loaded.Value;

    static JsonElement[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Support.SharedCanonical.ReferencePath("canonical-pid.json")));
        // Clone so the elements outlive the document.
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }
}
