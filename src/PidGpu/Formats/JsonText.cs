using System.Text;
using System.Text.Json;

namespace PidGpu.Formats;

/// <summary>
/// Checks that every property name and string of a parsed JSON document reads as text. JsonDocument checks the
/// structure when it parses, but not the UTF-8 inside strings nor escaped surrogates (<c>"\ud800"</c> alone): reading
/// such a string later throws InvalidOperationException, which would leave a reader as a crash, not an input error.
/// </summary>
internal static class JsonText
{
    /// <param name="source">Start of the message: the file, and what is being read.</param>
    /// <exception cref="PidInputException">A name or string that is not valid UTF-8 or holds an unpaired surrogate, by its JSON path.</exception>
    public static void Check(JsonElement root, string source) => Walk(root, [], source);

    // Path segments stay unformatted (a name, or an index) until an error needs them: joint tables have millions of entries.
    static void Walk(JsonElement e, List<(string? Name, int Index)> path, string source)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    string name;
                    try { name = p.Name; }
                    catch (InvalidOperationException ex) { throw Error(source, $"a property name in {Where(path)}", ex); }
                    path.Add((name, 0));
                    Walk(p.Value, path, source);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    path.Add((null, i++));
                    Walk(item, path, source);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case JsonValueKind.String:
                try { e.GetString(); }
                catch (InvalidOperationException ex) { throw Error(source, $"the string at {Where(path)}", ex); }
                break;
        }
    }

    static PidInputException Error(string source, string what, Exception inner) =>
        new($"{source}: {what} is not valid text (invalid UTF-8, or an unpaired surrogate escape such as \\ud800).", inner);

    static string Where(List<(string? Name, int Index)> path)
    {
        var sb = new StringBuilder("$");
        foreach (var (name, index) in path)
            if (name is null) sb.Append('[').Append(index).Append(']');
            else sb.Append('.').Append(name);
        return sb.ToString();
    }
}
