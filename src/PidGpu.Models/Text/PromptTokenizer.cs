using Microsoft.ML.Tokenizers;

namespace PidGpu.Models.Text;

/// <summary>
/// Tokenizes LLaVA prompts through a Microsoft.ML.Tokenizers tokenizer: the tiny model's word-level
/// WordPiece vocabulary (<see cref="LoadWordLevel"/>) or a real Llama SentencePiece <c>tokenizer.model</c>
/// (<see cref="LoadLlama"/>). The image placeholder is a special token that is expanded to one id per
/// image patch, as LLaVA does.
/// </summary>
public sealed class PromptTokenizer
{
    private PromptTokenizer(Tokenizer inner, int imageTokenId, int beginOfSentenceId, int vocabularySize)
    {
        Inner = inner;
        ImageTokenId = imageTokenId;
        BeginOfSentenceId = beginOfSentenceId;
        VocabularySize = vocabularySize;
    }

    /// <summary>The library tokenizer underneath.</summary>
    public Tokenizer Inner { get; }

    public int ImageTokenId { get; }

    /// <summary>Prepended to every prompt.</summary>
    public int BeginOfSentenceId { get; }

    /// <summary>Number of ids (embedding rows needed), image token included.</summary>
    public int VocabularySize { get; }

    /// <summary>Loads dir/vocab.txt written by <see cref="WordVocabulary.Save"/>.</summary>
    public static PromptTokenizer LoadWordLevel(string directory)
    {
        var path = Path.Combine(directory, WordVocabulary.FileName);
        if (!File.Exists(path))
            throw new PidInputException($"tokenizer vocabulary '{path}' does not exist");
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < WordVocabulary.SpecialTokens.Count; i++)
            if (i >= lines.Length || lines[i] != WordVocabulary.SpecialTokens[i])
                throw new PidInputException($"tokenizer vocabulary '{path}': line {i + 1} must be the special token '{WordVocabulary.SpecialTokens[i]}'");
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
            return new PromptTokenizer(tokenizer, special[WordVocabulary.Image], special[WordVocabulary.BeginOfSentence], lines.Length);
        }
        catch (Exception e) when (e is not PidInputException)
        {
            throw new PidInputException($"tokenizer vocabulary '{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads a Llama SentencePiece <c>tokenizer.model</c>; <paramref name="imageTokenId"/> is the id the
    /// checkpoint gives <c>&lt;image&gt;</c> (32000 for llava-1.5-hf, the config's <c>image_token_index</c>).
    /// </summary>
    public static PromptTokenizer LoadLlama(string tokenizerModelPath, int imageTokenId = 32000)
    {
        if (!File.Exists(tokenizerModelPath))
            throw new PidInputException($"Llama tokenizer model '{tokenizerModelPath}' does not exist");
        try
        {
            using var stream = File.OpenRead(tokenizerModelPath);
            var special = new Dictionary<string, int> { [WordVocabulary.Image] = imageTokenId };
            var llama = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false, specialTokens: special);
            int size = Math.Max(llama.Vocabulary.Count, imageTokenId + 1);
            return new PromptTokenizer(llama, imageTokenId, llama.BeginningOfSentenceId, size);
        }
        catch (Exception e) when (e is not PidInputException)
        {
            throw new PidInputException($"Llama tokenizer model '{tokenizerModelPath}' is not a readable SentencePiece model: {e.Message}", e);
        }
    }

    /// <summary>Ids of plain text (no sentence markers, no image expansion).</summary>
    public int[] Encode(string text) => Inner.EncodeToIds(text).ToArray();

    /// <summary>Text of ids; special tokens are skipped where the tokenizer supports it.</summary>
    public string Decode(IEnumerable<int> ids) => Inner switch
    {
        WordPieceTokenizer w => w.Decode(ids, skipSpecialTokens: true),
        _ => Inner.Decode(ids),
    };

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
        string text = template.Replace(LlavaPromptTemplate.QuestionSlot, question, StringComparison.Ordinal);
        int imageRawEnd = img + WordVocabulary.Image.Length, questionEnd = slot + question.Length;
        var tokens = Inner.EncodeToTokens(text, out _);

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
}
