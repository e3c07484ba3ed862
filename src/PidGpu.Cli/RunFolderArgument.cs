namespace PidGpu.Cli;

/// <summary>A RUN_DIR argument (report, compare): a file given instead of the folder is named as such.</summary>
internal static class RunFolderArgument
{
    /// <exception cref="PidInputException"><paramref name="dir"/> is a file.</exception>
    public static string Check(string dir, string meta)
    {
        if (File.Exists(dir))
            throw new PidInputException($"{meta} '{dir}' is a file, not a run folder; give the folder that holds results.json" +
                (Path.GetFileName(dir) == Report.RunResults.ResultsFileName ? $" ('{Path.GetDirectoryName(Path.GetFullPath(dir))}')." : "."));
        return dir;
    }
}
