using System.Text.Json;

namespace PidGpu.Capture;

/// <summary>
/// Which GQA questions make up the paper's six tasks. The names are GQA's own two-level taxonomy
/// (<c>types.structural</c> × <c>types.semantic</c>: ChooseAttr = choose × attr), so:
/// <list type="bullet">
/// <item>ChooseAttr, ChooseCat, ChooseRel: <c>types.detailed</c> is <c>chooseAttr</c>, <c>chooseCat</c>,
/// <c>chooseRel</c> ("Is the jar full or empty?").</item>
/// <item>CompareAttr: structural <c>compare</c> and semantic <c>attr</c>, i.e. the detailed comparison types
/// (<c>twoCommon</c>, <c>twoSame*</c>, <c>twoDifferent*</c>, <c>same*</c>, <c>diff*</c>, <c>compare</c>): "What do
/// the marker and the post have in common?".</item>
/// <item>LogicalObj: structural <c>logical</c> and semantic <c>obj</c>, the and/or existence types
/// (<c>existOr*</c>, <c>existAnd*</c>, ...): "Is there any grass or mud that is not brown?".</item>
/// <item>QueryAttr: structural <c>query</c> and semantic <c>attr</c> (<c>queryAttr</c>, <c>positionQuery</c>,
/// <c>material</c>, ...): "On which side of the photo is the curtain?". Verify (yes/no) questions are not in it.</item>
/// </list>
/// Detailed names are matched exactly (GQA's spelling); the three pair-based tasks need no list of detailed names,
/// so no comparison, logical or query type of GQA is missed. Every other question belongs to no task.
/// </summary>
internal static class GqaTasks
{
    public const string ChooseAttr = "ChooseAttr";
    public const string ChooseCat = "ChooseCat";
    public const string ChooseRel = "ChooseRel";
    public const string CompareAttr = "CompareAttr";
    public const string LogicalObj = "LogicalObj";
    public const string QueryAttr = "QueryAttr";

    /// <summary>The paper's tasks, in its order.</summary>
    public static IReadOnlyList<string> All { get; } = [ChooseAttr, ChooseCat, ChooseRel, CompareAttr, LogicalObj, QueryAttr];

    /// <summary>The task of a question with these GQA types, or null when it belongs to none.</summary>
    public static string? TaskOf(string? detailed, string? structural, string? semantic) =>
        detailed switch
        {
            "chooseAttr" => ChooseAttr,
            "chooseCat" => ChooseCat,
            "chooseRel" => ChooseRel,
            _ => (structural, semantic) switch
            {
                ("compare", "attr") => CompareAttr,
                ("logical", "obj") => LogicalObj,
                ("query", "attr") => QueryAttr,
                _ => null,
            },
        };

    /// <summary>The task of a GQA <c>types</c> object.</summary>
    internal static string? TaskOf(JsonElement types) =>
        TaskOf(Text(types, "detailed"), Text(types, "structural"), Text(types, "semantic"));

    static string? Text(JsonElement types, string name) =>
        types.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
