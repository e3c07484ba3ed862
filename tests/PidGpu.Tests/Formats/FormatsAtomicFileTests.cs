using PidGpu.Formats;

namespace PidGpu.Tests;

public class FormatsAtomicFileTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void WritesNewFile_LeavesNoTempFiles()
    {
        var path = temp.File("r.json");
        AtomicFile.WriteAllText(path, "{\"a\": 1}\n");
        Assert.Equal("{\"a\": 1}\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void ReplacesExistingFile()
    {
        var path = temp.Write("r.json", "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void MissingFolder_IsInputErrorAndWritesNothing()
    {
        var path = Path.Combine(temp.Path, "no-such-dir", "r.json");
        var ex = Assert.Throws<PidInputException>(() => AtomicFile.WriteAllText(path, "x"));
        Assert.Contains("does not exist", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void TargetIsAFolder_FailsAndLeavesNoTemp()
    {
        var folder = Directory.CreateDirectory(temp.File("taken")).FullName;
        Assert.Throws<PidInputException>(() => AtomicFile.WriteAllText(folder, "x"));
        Assert.Equal([folder], Directory.GetFileSystemEntries(temp.Path));
    }
}
