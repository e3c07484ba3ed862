using System.Text;

namespace PidGpu.Fuzz;

/// <summary>
/// Writes the seed corpus (<c>--write-corpus</c>): small valid files of every format, each read without error by its
/// reader, under corpus/TARGET/, and the files a reader needs beside its input under corpus/TARGET/beside/.
/// The committed corpus was written by this class; rerun it after changing a seed.
/// </summary>
static class CorpusWriter
{
    public static void Write(string root)
    {
        BinarySeeds.Write(root);
        Text(root, "joint-json", "xor.json", """{"p": [[[0.25, 0], [0, 0.25]], [[0, 0.25], [0.25, 0]]]}""");
        Text(root, "joint-json", "counts.json", "// counts, not probabilities\n{\"p\": [[[3, 1, 0]], [[0, 2, 5e-1]]], \"note\": \"x\"}\n");
        Text(root, "counts-csv", "and.csv", "x1,x2,y\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n");
        Text(root, "counts-csv", "one-row.csv", "x1,x2,y\n0,0,0\n");
        Text(root, "counts-csv", "extra-column.csv", "\"id\", \"y\", \"x2\", \"x1\"\r\n7, 1, 2, 0\r\n8, 0, 0, 3\r\n");
        Text(root, "float-column", "header.txt", "x1\n0.5\n-1.25\n3e2\n");
        Text(root, "float-column", "plain.txt", "1\n2.5\n-0.001\n\n");
        Text(root, "float-csv-column", "table.csv", "a,b,c\n1,2.5,3\n4,-5e-3,6\n");
        Text(root, "gqa-questions", "questions.json", """
            {"201307251": {"imageId": "n161313", "question": "Is the jar full or empty?", "answer": "full",
              "types": {"detailed": "chooseAttr", "semantic": "attr", "structural": "choose"}, "fullAnswer": "The jar is full."},
             "201640614": {"imageId": "n235859", "question": "What color is the curtain?", "answer": "white",
              "types": {"detailed": "queryAttr", "semantic": "attr", "structural": "query"}},
             "05451380": {"imageId": "n5", "question": "Is there a dog?", "answer": "no",
              "types": {"detailed": "existC", "semantic": "obj", "structural": "verify"}}}
            """);
        Text(root, "jsonl-questions", "questions.jsonl",
            "{\"id\": \"q1\", \"image\": \"images/a.png\", \"question\": \"What shape is the red object?\", \"answer\": \"cube\", \"task\": \"Attribute\"}\n" +
            "\n{\"id\": 2, \"image\": \"/data/b.png\", \"question\": \"Which side?\", \"answer\": \"left\", \"task\": \"Spatial\"}\n");
        TokenizerSeeds.Write(root);
        CheckpointSeeds.Write(root);
        AnalysisSeeds.Write(root);
    }

    public static void Text(string root, string target, string name, string content) =>
        Bytes(root, target, name, Encoding.UTF8.GetBytes(content));

    public static void Bytes(string root, string target, string name, byte[] content)
    {
        var path = Path.Combine(root, target, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }
}
