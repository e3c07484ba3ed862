namespace PidGpu.Inputs.Text;

/// <summary>
/// A Hugging Face model directory's tokenizer with the added tokens of <c>added_tokens.json</c> and
/// <c>tokenizer_config.json</c> (see <see cref="HfTokenizerFiles"/>): <c>tokenizer.json</c> run by Hugging Face's own
/// tokenizers library (Rust, through Tokenizers.DotNet; <see cref="RustTokenizerEngine"/>), or, where the directory has
/// only a SentencePiece <c>tokenizer.model</c>, that model run by Microsoft.ML.Tokenizers' LlamaTokenizer
/// (<see cref="SentencePieceTokenizerEngine"/>). <see cref="Encode"/> is what <c>tokenizer(text)</c> gives in transformers
/// (BOS for Llama); <see cref="EncodePlain"/> is <c>add_special_tokens=False</c>.
/// </summary>
public sealed class HfTokenizer : IDisposable
{
    readonly ITokenizerEngine engine;

    private HfTokenizer(ITokenizerEngine engine, HfTokenizerFiles files, string directory)
    {
        this.engine = engine;
        Files = files;
        Directory = directory;
        BeginOfSentenceId = files.ConfigToken("bos_token") is { } bos ? files.Id(bos) : null;
    }

    /// <summary>The merged tokenizer files.</summary>
    public HfTokenizerFiles Files { get; }

    /// <summary>The model directory it was loaded from (for messages).</summary>
    public string Directory { get; }

    /// <summary>Largest id + 1, added tokens included.</summary>
    public int VocabularySize => Files.VocabularySize;

    /// <summary>The config's <c>bos_token</c> id, when it names one.</summary>
    public int? BeginOfSentenceId { get; }

    /// <summary>The id of a vocabulary piece or added token (e.g. <c>&lt;image&gt;</c>), or null.</summary>
    public int? TokenId(string content) => Files.Id(content);

    /// <summary>
    /// Loads <paramref name="directory"/>'s tokenizer: <c>tokenizer.json</c> where it has one, else <c>tokenizer.model</c>; neither,
    /// or an unreadable file, is a PidInputException.
    /// </summary>
    public static HfTokenizer Load(string directory)
    {
        if (File.Exists(Path.Combine(directory, HfTokenizerFiles.TokenizerJson))
            || !File.Exists(Path.Combine(directory, HfTokenizerFiles.SentencePieceModel)))
        {
            var files = HfTokenizerFiles.Read(directory);
            return new HfTokenizer(RustTokenizerEngine.Create(files, directory), files, directory);
        }
        var model = SentencePieceTokenizerEngine.ReadModel(directory);
        var pieces = HfTokenizerFiles.ReadSentencePiece(directory, model.Vocabulary);
        return new HfTokenizer(SentencePieceTokenizerEngine.Create(model, pieces, directory), pieces, directory);
    }

    /// <summary>Ids of <paramref name="text"/> with the post-processor's special tokens (transformers' default).</summary>
    public int[] Encode(string text) => Run(text, withSpecial: true);

    /// <summary>Ids of <paramref name="text"/> without special tokens (<c>add_special_tokens=False</c>).</summary>
    public int[] EncodePlain(string text) => Run(text, withSpecial: false);

    /// <summary>The text of <paramref name="ids"/> as the tokenizer's decoder writes it.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var raw = ids.Select(id => id >= 0 && id < VocabularySize
            ? id
            : throw new PidInputException($"token id {id} is outside the vocabulary of '{Directory}' (size {VocabularySize})")).ToArray();
        return engine.Decode(raw);
    }

    public void Dispose() => engine.Dispose();

    int[] Run(string text, bool withSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A post-processor's special_tokens may give any id; one outside the vocabulary would index past the embeddings.
        return Array.ConvertAll(engine.Encode(text, withSpecial), id => (uint)id < (uint)VocabularySize ? id
            : throw new PidInputException($"tokenizer of '{Directory}' gives id {(uint)id} for '{text}', outside its vocabulary (size {VocabularySize}); check the post-processor's special_tokens"));
    }
}
