using PidGpu.Capture;

namespace PidGpu.Tests;

/// <summary>
/// GQA question files and JSON lines, written by the tests: task selection by GQA's types, image paths, order,
/// task filters, and clear errors naming file, line or question and field.
/// </summary>
public class DataQuestionFileTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    static string Gqa(string detailed, string structural, string semantic, string imageId = "n1", string answer = "\"yes\"") =>
        $"{{\"imageId\": \"{imageId}\", \"question\": \"Q {detailed}?\", \"answer\": {answer}, \"isBalanced\": true, " +
        $"\"types\": {{\"detailed\": \"{detailed}\", \"structural\": \"{structural}\", \"semantic\": \"{semantic}\"}}}}";

    string GqaFile(params (string Qid, string Entry)[] questions) =>
        temp.Write("questions.json", "{\n" + string.Join(",\n", questions.Select(q => $"\"{q.Qid}\": {q.Entry}")) + "\n}");

    [Fact]
    public void Gqa_PicksThePapersTasksByTypes_InFileOrder_WithImagesByImageId()
    {
        var path = GqaFile(
            ("201", Gqa("chooseAttr", "choose", "attr", "n7")),
            ("202", Gqa("verifyAttr", "verify", "attr")),
            ("203", Gqa("twoCommon", "compare", "attr")),
            ("204", Gqa("existOr", "logical", "obj")),
            ("205", Gqa("positionQuery", "query", "attr")),
            ("206", Gqa("chooseCat", "choose", "cat")),
            ("207", Gqa("chooseRel", "choose", "rel")),
            ("208", Gqa("queryObject", "query", "obj")),
            ("209", Gqa("chooseGlobal", "choose", "global")),
            ("210", Gqa("sameMaterial", "compare", "attr")));
        var samples = QuestionFile.Read(path, temp.Path);
        Assert.Equal(["201", "203", "204", "205", "206", "207", "210"], samples.Select(s => s.Id));
        Assert.Equal(["ChooseAttr", "CompareAttr", "LogicalObj", "QueryAttr", "ChooseCat", "ChooseRel", "CompareAttr"], samples.Select(s => s.Task));
        Assert.Equal(Path.Combine(temp.Path, "n7.jpg"), samples[0].ImagePath);
        Assert.Equal(("Q chooseAttr?", "yes"), (samples[0].Question, samples[0].Answer));

        var two = QuestionFile.Read(path, temp.Path, ["chooseattr", "LogicalObj"]);
        Assert.Equal(["201", "204"], two.Select(s => s.Id));
    }

    [Fact]
    public void Gqa_Errors_NameTheFileQuestionAndField()
    {
        var path = GqaFile(("201", Gqa("chooseAttr", "choose", "attr")), ("301", Gqa("chooseCat", "choose", "cat", answer: "null")));
        var e = Assert.Throws<PidInputException>(() => QuestionFile.Read(path, temp.Path));
        Assert.Contains("question 301", e.Message);
        Assert.Contains("'answer'", e.Message);
        Assert.Contains("questions.json", e.Message);

        path = GqaFile(("201", Gqa("chooseAttr", "choose", "attr")));
        e = Assert.Throws<PidInputException>(() => QuestionFile.Read(path, temp.Path, ["ChooseRel"]));
        Assert.Contains("none of the requested tasks (ChooseRel)", e.Message);
        Assert.Contains("ChooseAttr", e.Message);
        Assert.Contains("unknown GQA task 'Counting'", Assert.Throws<PidInputException>(() => QuestionFile.Read(path, temp.Path, ["Counting"])).Message);
        Assert.Contains("images", Assert.Throws<PidInputException>(() => QuestionFile.Read(path)).Message);

        path = GqaFile(("201", "{\"imageId\": \"n1\", \"question\": \"Q?\", \"answer\": \"no\"}"));
        Assert.Contains("'types'", Assert.Throws<PidInputException>(() => QuestionFile.Read(path, temp.Path)).Message);
        temp.Write("questions.json", "{\"201\": {\"imageId\": ");
        Assert.Contains("not valid JSON", Assert.Throws<PidInputException>(() => QuestionFile.Read(temp.File("questions.json"), temp.Path)).Message);
        temp.Write("questions.json", "[1, 2]");
        Assert.Contains("keyed by question id", Assert.Throws<PidInputException>(() => QuestionFile.Read(temp.File("questions.json"), temp.Path)).Message);
        Assert.Contains("not found", Assert.Throws<PidInputException>(() => QuestionFile.Read(temp.File("absent.json"), temp.Path)).Message);
    }

    [Fact]
    public void JsonLines_ReadsEveryTask_WithImagesRelativeToTheFile()
    {
        Directory.CreateDirectory(Path.Combine(temp.Path, "set"));
        var path = temp.Write(Path.Combine("set", "questions.jsonl"),
            "{\"id\": \"a1\", \"image\": \"img/a1.png\", \"question\": \"What color is the circle?\", \"answer\": \"red\", \"task\": \"Attribute\"}\n" +
            "\n" +
            "{\"id\": 7, \"image\": \"../b.jpg\", \"question\": \"Is it left?\", \"answer\": \"yes\", \"task\": \"Side\"}\n");
        var samples = QuestionFile.Read(path);
        Assert.Equal(["a1", "7"], samples.Select(s => s.Id));
        Assert.Equal(["Attribute", "Side"], samples.Select(s => s.Task));
        Assert.Equal(Path.Combine(temp.Path, "set", "img", "a1.png"), samples[0].ImagePath);
        Assert.Equal(Path.Combine(temp.Path, "b.jpg"), samples[1].ImagePath);
        Assert.Equal("red", samples[0].Answer);
        Assert.Contains("line 3", samples[1].Origin);
        Assert.Equal(["7"], QuestionFile.Read(path, tasks: ["side"]).Select(s => s.Id));
    }

    [Theory]
    [InlineData("{\"id\": \"a\", \"image\": \"a.png\", \"question\": \"Q?\", \"task\": \"T\"}", "line 2: field 'answer'")]
    [InlineData("{\"id\": \"a\", \"image\": \"a.png\", \"question\": \"Q?\", \"answer\": \"\", \"task\": \"T\"}", "line 2: field 'answer'")]
    [InlineData("{\"id\": \"a\", \"question\": \"Q?\", \"answer\": \"x\", \"task\": \"T\"}", "line 2: field 'image'")]
    [InlineData("{\"id\": \"z\", \"image\": \"a.png\", \"question\": 5, \"answer\": \"x\", \"task\": \"T\"}", "line 2: field 'question'")]
    [InlineData("{\"id\": \"ok\", \"image\": \"a.png\", \"question\": \"Q?\", \"answer\": \"x\", \"task\": \"T\"}", "line 2: id 'ok' repeats the id of line 1")]
    [InlineData("{\"id\": \"a\", \"image\": ", "line 2: not a JSON object")]
    [InlineData("[\"a\"]", "line 2: not a JSON object")]
    public void JsonLines_MalformedLine_IsAnErrorNamingFileLineAndField(string line, string expected)
    {
        var path = temp.Write("q.jsonl", "{\"id\": \"ok\", \"image\": \"a.png\", \"question\": \"Q?\", \"answer\": \"x\", \"task\": \"T\"}\n" + line + "\n");
        var e = Assert.Throws<PidInputException>(() => QuestionFile.Read(path));
        Assert.Contains("q.jsonl " + expected, e.Message);
    }

    [Fact]
    public void JsonLines_NoneOfTheRequestedTasks_NamesTheTasksPresent()
    {
        var path = temp.Write("q.jsonl", "{\"id\": \"a\", \"image\": \"a.png\", \"question\": \"Q?\", \"answer\": \"x\", \"task\": \"Counting\"}\n");
        var e = Assert.Throws<PidInputException>(() => QuestionFile.Read(path, tasks: ["Attribute"]));
        Assert.Contains("none of the requested tasks (Attribute)", e.Message);
        Assert.Contains("the file has Counting", e.Message);
        temp.Write("empty.jsonl", "\n\n");
        Assert.Contains("no question", Assert.Throws<PidInputException>(() => QuestionFile.Read(temp.File("empty.jsonl"))).Message);
    }
}
