using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The reference values travel with the repository: a user's clone has no workspace folder beside it, so every
/// file the tests read must come from tests/PidGpu.Tests/Reference (copied next to the test assembly).
/// </summary>
public class ReferenceDataTests
{
    [Theory]
    [InlineData("canonical-pid.json")]
    [InlineData("gaussian-pid.json")]
    public void ReferenceFileIsReadFromTheRepository(string file)
    {
        string root = SharedCanonical.RepoRoot();
        string read = Path.GetFullPath(SharedCanonical.ReferencePath(file));
        Assert.StartsWith(root + Path.DirectorySeparatorChar, read);
        string committed = Path.Combine(root, "tests", "PidGpu.Tests", "Reference", file);
        Assert.True(File.Exists(committed), $"{committed} is missing");
        Assert.Equal(File.ReadAllBytes(committed), File.ReadAllBytes(read));
    }
}
