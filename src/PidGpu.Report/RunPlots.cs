using System.Text;

namespace PidGpu.Report;

/// <summary>Writes all plots of a run into a folder, as PNG and SVG.</summary>
public static class RunPlots
{
    public const int Width = 1100;
    public const int Height = 600;

    /// <summary>
    /// Per series (model, task, condition): <c>MODEL_TASK_CONDITION_stacked</c> and <c>..._lines</c>; per model and
    /// condition: <c>MODEL_CONDITION_final-shares</c>; per knockout series: <c>MODEL_TASK_CONDITION_ko-diff</c>
    /// (only when an intact series of the same model and task exists). Names keep letters, digits, '-' and '.'.
    /// </summary>
    /// <returns>Every file written, PNG and SVG.</returns>
    public static IReadOnlyList<string> WriteAll(RunResults run, string folder, int width = Width, int height = Height)
    {
        try { Directory.CreateDirectory(folder); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new PidInputException($"{folder}: cannot create the plot folder ({ex.Message}).", ex);
        }
        var files = new List<string>();
        foreach (var key in run.Series())
        {
            var trajectory = run.Trajectory(key);
            string stem = Path.Combine(folder, Safe($"{key.Model}_{key.Task}_{key.Condition}"));
            files.AddRange(PlotFile.Save(LayerPlots.StackedArea(key, trajectory), stem + "_stacked", width, height));
            files.AddRange(PlotFile.Save(LayerPlots.Lines(key, trajectory), stem + "_lines", width, height));
            if (!Conditions.IsKnockout(key.Condition)) continue;
            var intact = run.Trajectory(key with { Condition = Conditions.Intact });
            if (intact.Count > 0)
                files.AddRange(PlotFile.Save(LayerPlots.KnockoutDifferences(key, intact, trajectory), stem + "_ko-diff", width, height));
        }
        foreach (var group in run.Series().GroupBy(k => (k.Model, k.Condition)))
        {
            var byTask = group.Select(run.Trajectory).ToList();
            string stem = Path.Combine(folder, Safe($"{group.Key.Model}_{group.Key.Condition}") + "_final-shares");
            files.AddRange(PlotFile.Save(LayerPlots.FinalShares(group.Key.Model, group.Key.Condition, byTask), stem, width, height));
        }
        return files;
    }

    static string Safe(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-');
        return sb.ToString();
    }
}
