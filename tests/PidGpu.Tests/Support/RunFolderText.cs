using System.Text.Json.Nodes;
using PidGpu.Report;

namespace PidGpu.Tests.Support;

/// <summary>A run folder's files as compared between runs.</summary>
public static class RunFolderText
{
    /// <summary>results.json without settings.stage_seconds: wall-clock times differ between any two runs, nothing else may.</summary>
    public static string ResultsWithoutStageTimes(string runDir)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, RunResults.ResultsFileName)))!;
        json["settings"]!.AsObject().Remove("stage_seconds");
        return json.ToJsonString();
    }
}
