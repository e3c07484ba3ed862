using ScottPlot;

namespace PidGpu.Report;

/// <summary>Saves a plot as PNG and SVG, each atomically (temporary file in the same folder, then a rename).</summary>
public static class PlotFile
{
    /// <returns>The two paths written: <paramref name="basePath"/>.png and .svg.</returns>
    /// <exception cref="PidInputException">The folder cannot be written.</exception>
    public static IReadOnlyList<string> Save(Plot plot, string basePath, int width, int height)
    {
        var png = basePath + ".png";
        var svg = basePath + ".svg";
        Atomically(png, temp => plot.SavePng(temp, width, height));
        Atomically(svg, temp => plot.SaveSvg(temp, width, height));
        return [png, svg];
    }

    static void Atomically(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        // Same folder = same file system, so the move is a rename; the extension stays last for the writer.
        string temp = Path.Combine(folder, $".{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new PidInputException($"{path}: cannot write the plot ({ex.Message}).", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* best effort: hidden unique name */ }
    }
}
