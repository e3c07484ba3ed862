using Microsoft.ML.Tokenizers;

namespace PidGpu.Inputs.Text;

/// <summary>
/// Tokenizes LLaVA prompts: the tiny model's word-level vocabulary, from its Hugging Face <c>tokenizer.json</c>
/// run by Hugging Face's own library (<see cref="LoadTiny"/>, <see cref="HfTokenizer"/>) or, in older model folders
/// that only have <c>vocab.txt</c>, through Microsoft.ML.Tokenizers (<see cref="LoadWordLevel"/>). (Real checkpoints'
/// tokenizers, tokenizer.json or SentencePiece tokenizer.model, are read by <see cref="HfTokenizer"/>.) The image placeholder is a special token that is
/// expanded to one id per image patch, as LLaVA does.
/// </summary>
public sealed class PromptTokenizer : IDisposable
{
    readonly Tokenizer? inner;
    readonly HfTokenizer? huggingFace;

    private PromptTokenizer(Tokenizer? inner, HfTokenizer? huggingFace, int imageTokenId, int beginOfSentenceId, int vocabularySize)
    {
        this.inner = inner;
        this.huggingFace = huggingFace;
        ImageTokenId = imageTokenId;
        BeginOfSentenceId = beginOfSentenceId;
        VocabularySize = vocabularySize;
    }

    public int ImageTokenId { get; }

    /// <summary>Prepended to every prompt.</summary>
    public int BeginOfSentenceId { get; }

    /// <summary>Number of ids (embedding rows needed), image token included.</summary>
    public int VocabularySize { get; }

    /// <summary>The tiny model's tokenizer: dir/tokenizer.json when there is one, else dir/vocab.txt.</summary>
    public static PromptTokenizer LoadTiny(string directory) =>
        File.Exists(Path.Combine(directory, HfTokenizerFiles.TokenizerJson)) ? LoadWordLevelJson(directory) : LoadWordLevel(directory);

    /// <summary>Loads dir/tokenizer.json written by <see cref="WordLevelTokenizerJson"/>, through Hugging Face's tokenizers.</summary>
    public static PromptTokenizer LoadWordLevelJson(string directory)
    {
        var tokenizer = HfTokenizer.Load(directory);
        try
        {
            var ids = WordVocabulary.SpecialTokens.Select(t => tokenizer.TokenId(t)
                ?? throw new PidInputException($"{HfTokenizerFiles.TokenizerJson} of '{directory}' has no special token '{t}'")).ToArray();
            return new PromptTokenizer(null, tokenizer, ids[4], ids[1], tokenizer.VocabularySize);
        }
        catch
        {
            tokenizer.Dispose();
            throw;
        }
    }

    /// <summary>Loads dir/vocab.txt written by <see cref="WordVocabulary.Save"/>.</summary>
    public static PromptTokenizer LoadWordLevel(string directory)
    {
        var path = Path.Combine(directory, WordVocabulary.FileName);
        var lines = WordVocabulary.Read(directory);
        var special = WordVocabulary.SpecialTokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        var options = new WordPieceOptions
        {
            PreTokenizer = PreTokenizer.CreateWordOrPunctuation(special),
            Normalizer = new LowerCaseNormalizer(),
            SpecialTokens = special,
            UnknownToken = WordVocabulary.Unknown,
        };
        try
        {
            var tokenizer = WordPieceTokenizer.Create(path, options);
            return new PromptTokenizer(tokenizer, null, special[WordVocabulary.Image], special[WordVocabulary.BeginOfSentence], lines.Count);
        }
        catch (Exception e) when (e is not PidInputException)
        {
            throw new PidInputException($"tokenizer vocabulary '{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Ids of plain text (no sentence markers, no image expansion).</summary>
    public int[] Encode(string text) => huggingFace?.EncodePlain(text) ?? inner!.EncodeToIds(text).ToArray();

    /// <summary>Text of ids; special tokens are skipped where the tokenizer supports it.</summary>
    public string Decode(IEnumerable<int> ids) => huggingFace?.Decode(ids) ?? inner switch
    {
        WordPieceTokenizer w => w.Decode(ids, skipSpecialTokens: true),
        _ => inner!.Decode(ids),
    };

    public void Dispose() => huggingFace?.Dispose();

    /// <summary>The id of a word that must be a single token (answer words), else a PidInputException.</summary>
    public int SingleTokenId(string word)
    {
        var ids = Encode(word);
        if (ids.Length != 1)
            throw new PidInputException($"'{word}' is {ids.Length} tokens, not one");
        return ids[0];
    }

    /// <summary>
    /// BOS + the template with the question filled in, the single image placeholder expanded to
    /// <paramref name="imageTokenCount"/> ids, and the positions of the question's tokens.
    /// </summary>
    public PromptEncoding EncodePrompt(string question, int imageTokenCount, string template = LlavaPromptTemplate.V15)
    {
        if (imageTokenCount < 1)
            throw new PidInputException($"image token count {imageTokenCount} must be at least 1");
        int slot = template.IndexOf(LlavaPromptTemplate.QuestionSlot, StringComparison.Ordinal);
        if (slot < 0 || template.IndexOf(WordVocabulary.Image, StringComparison.Ordinal) is var img && (img < 0 || img > slot))
            throw new PidInputException($"prompt template '{template}' needs '{WordVocabulary.Image}' before '{LlavaPromptTemplate.QuestionSlot}'");
        if (huggingFace is not null)
            return EncodeSegments(template, img, slot, question, imageTokenCount);
        string text = template.Replace(LlavaPromptTemplate.QuestionSlot, question, StringComparison.Ordinal);
        int imageRawEnd = img + WordVocabulary.Image.Length, questionEnd = slot + question.Length;
        var tokens = inner!.EncodeToTokens(text, out _);

        var ids = new List<int> { BeginOfSentenceId };
        var questionPositions = new List<int>();
        int imageStart = -1, imageOffsetEnd = 0;
        bool? segmentLocal = null;
        foreach (var token in tokens)
        {
            var (start, length) = token.Offset.GetOffsetAndLength(int.MaxValue / 2);
            if (token.Id == ImageTokenId)
            {
                if (imageStart >= 0)
                    throw new PidInputException($"prompt '{text}' has more than one '{WordVocabulary.Image}'");
                imageStart = ids.Count;
                imageOffsetEnd = start + length;
                ids.AddRange(Enumerable.Repeat(ImageTokenId, imageTokenCount));
                continue;
            }
            if (imageStart >= 0)
            {
                // Offsets after a special token are either global (WordPiece) or restart at 0 for the text
                // after it (SentencePiece); both map 1:1 onto the raw text there for our normalisers.
                segmentLocal ??= start < imageOffsetEnd;
                int raw = segmentLocal.Value ? imageRawEnd + start : start - (imageOffsetEnd - imageRawEnd);
                if (length > 0 && raw < questionEnd && raw + length > slot)
                    questionPositions.Add(ids.Count);
            }
            ids.Add(token.Id);
        }
        if (imageStart < 0)
            throw new PidInputException($"prompt '{text}' has no '{WordVocabulary.Image}' token after tokenization");
        if (questionPositions.Count == 0)
            throw new PidInputException($"question '{question}' produced no tokens");
        return new PromptEncoding([.. ids], imageStart, imageTokenCount, [.. questionPositions]);
    }

    /// <summary>
    /// The Hugging Face route has no offsets, so the template's pieces and the question are encoded one by one; that is
    /// the encoding of the whole prompt only where the cuts fall between tokens, which is checked against the whole.
    /// </summary>
    PromptEncoding EncodeSegments(string template, int image, int slot, string question, int imageTokenCount)
    {
        string text = template.Replace(LlavaPromptTemplate.QuestionSlot, question, StringComparison.Ordinal);
        var before = Encode(template[..image]);
        var between = Encode(template[(image + WordVocabulary.Image.Length)..slot]);
        var asked = Encode(question);
        var after = Encode(template[(slot + LlavaPromptTemplate.QuestionSlot.Length)..]);
        if (before.Concat(between).Concat(asked).Concat(after).Contains(ImageTokenId))
            throw new PidInputException($"prompt '{text}' has more than one '{WordVocabulary.Image}'");
        if (asked.Length == 0)
            throw new PidInputException($"question '{question}' produced no tokens");
        int[] pieces = [.. before, ImageTokenId, .. between, .. asked, .. after];
        if (!pieces.SequenceEqual(Encode(text)))
            throw new PidInputException($"question '{question}' does not start and end between tokens of the prompt '{text}'");
        int imageStart = 1 + before.Length, questionStart = imageStart + imageTokenCount + between.Length;
        int[] ids = [BeginOfSentenceId, .. before, .. Enumerable.Repeat(ImageTokenId, imageTokenCount), .. between, .. asked, .. after];
        return new PromptEncoding(ids, imageStart, imageTokenCount, [.. Enumerable.Range(questionStart, asked.Length)]);
    }
}
