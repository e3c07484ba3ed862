using System.Text.RegularExpressions;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The library words its errors in its own terms: no string literal of an error site in src/PidGpu, src/PidGpu.Models or
/// src/PidGpu.Inputs names a command-line flag ("--" and a letter). The setting that resolves an error travels in
/// <see cref="PidInputException.Setting"/>, and the CLI words it with the flag (SettingFlags).
/// </summary>
public class PidInputExceptionWordingTests
{
    static readonly Regex Flag = new("--[A-Za-z]", RegexOptions.CultureInvariant);

    [Fact]
    public void NoLibraryErrorSite_NamesACommandLineFlag()
    {
        string root = SharedCanonical.RepoRoot();
        var found = new List<string>();
        int literals = 0;
        foreach (var project in new[] { "src/PidGpu", "src/PidGpu.Models", "src/PidGpu.Inputs" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(root, file);
                if (relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                foreach (var (line, text) in ThrowSites.Literals(File.ReadAllText(file)))
                {
                    literals++;
                    if (Flag.IsMatch(text)) found.Add($"{relative}:{line}: {text}");
                }
            }
        Assert.True(literals > 200, $"only {literals} error-site literals found: the scanner missed the library's errors");
        Assert.True(found.Count == 0, "library errors naming CLI flags:\n" + string.Join("\n", found));
    }

    [Fact]
    public void Scanner_FindsFlagsInThrowsInitializersAndProblemTexts_NotInComments()
    {
        const string source = """
            // a comment with --model is not an error
            var s = "--data in an ordinary string";
            if (x) throw new PidInputException($"bad {Name("--nested")} value");
            string problem = $"needs --ridge";
            var e = new PidInputException("plain") { Problem = @"see --bins" };
            _ => throw new ArgumentException("no --flag here either"),
            char c = '"'; var t = "after a quote char";
            """;
        var texts = ThrowSites.Literals(source).Select(l => l.Text).ToList();
        Assert.Equal(["$\"bad {Name(\"--nested\")} value\"", "$\"needs --ridge\"", "\"plain\"", "@\"see --bins\"", "\"no --flag here either\""], texts);
    }
}
