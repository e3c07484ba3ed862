using System.Text;
using PidGpu.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// GQA question files and JSON lines whose strings are not text (invalid UTF-8, an unpaired surrogate escape) are input
/// errors, not InvalidOperationException; found by the fuzzer, kept in FuzzFindings/gqa-questions and jsonl-questions.
/// </summary>
public sealed class FuzzQuestionFileTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> FoundGqa => FuzzFindings.Names("gqa-questions");

    public static TheoryData<string> FoundJsonLines => FuzzFindings.Names("jsonl-questions");

    [Theory, MemberData(nameof(FoundGqa))]
    public void GqaFuzzFinding_IsAnInputError(string finding)
    {
        var path = FuzzFindings.Place("gqa-questions", finding, temp.Path, "questions.json");
        Assert.Throws<PidInputException>(() => QuestionFile.Read(path, temp.File("images")));
    }

    [Theory, MemberData(nameof(FoundJsonLines))]
    public void JsonLinesFuzzFinding_IsAnInputError(string finding) =>
        Assert.Throws<PidInputException>(() => QuestionFile.Read(FuzzFindings.Place("jsonl-questions", finding, temp.Path, "questions.jsonl")));

    [Fact]
    public void GqaQuestionOfInvalidUtf8_IsAnInputErrorNamingTheQuestion()
    {
        var bytes = Encoding.ASCII.GetBytes("""{"7": {"imageId": "n1", "question": "Is it ??", "answer": "yes", "types": {"detailed": "chooseAttr"}}}""");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;
        var path = temp.File("q.json");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<PidInputException>(() => GqaQuestionFile.Read(path, temp.File("images")));
        Assert.Contains("$.7.question", e.Message);
    }

    [Fact]
    public void JsonLineWithANulInTheImagePath_IsAnInputErrorNamingTheField()
    {
        var path = temp.Write("q.jsonl", "{\"id\": \"a\", \"image\": \"a\\u0000.png\", \"question\": \"q\", \"answer\": \"x\", \"task\": \"T\"}\n");
        var e = Assert.Throws<PidInputException>(() => JsonLinesQuestionFile.Read(path));
        Assert.Contains("'image'", e.Message);
    }

    [Fact]
    public void JsonLineWithAnUnpairedSurrogateId_IsAnInputErrorNamingTheLine()
    {
        var path = temp.Write("q.jsonl", "{\"id\": \"a\", \"image\": \"a.png\", \"question\": \"q\", \"answer\": \"x\", \"task\": \"T\"}\n" +
            "{\"id\": \"\\ud800\", \"image\": \"b.png\", \"question\": \"q\", \"answer\": \"x\", \"task\": \"T\"}\n");
        var e = Assert.Throws<PidInputException>(() => JsonLinesQuestionFile.Read(path));
        Assert.Contains("line 2", e.Message);
    }
}
