namespace PidGpu.Tests.Support;

/// <summary>
/// Reference files kept in the repository (tests/PidGpu.Tests/Reference/), each with the script or source that
/// made it named beside it, so the tests pass in a clone without ../shared.
/// </summary>
public static class RepoReference
{
    public static string Path(params string[] parts)
    {
        var path = System.IO.Path.Combine([SharedCanonical.RepoRoot(), "tests", "PidGpu.Tests", "Reference", .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"repository reference file {path} is missing");
        return path;
    }

    /// <summary>The llava-hf tokenizer directory (Llama 2 vocabulary + &lt;image&gt;, &lt;pad&gt;).</summary>
    public static string LlavaTokenizer => Path("llava-tokenizer");
}
