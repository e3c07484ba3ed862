namespace PidGpu.Inputs.Text;

/// <summary>
/// The library that runs a model directory's tokenizer behind <see cref="HfTokenizer"/>: Hugging Face's own tokenizers for
/// <c>tokenizer.json</c> (<see cref="RustTokenizerEngine"/>), Microsoft.ML.Tokenizers for a SentencePiece
/// <c>tokenizer.model</c> (<see cref="SentencePieceTokenizerEngine"/>). Errors are PidInputExceptions naming the directory.
/// </summary>
internal interface ITokenizerEngine : IDisposable
{
    /// <summary>Ids of <paramref name="text"/>, with the checkpoint's special tokens (BOS) when <paramref name="withSpecial"/>.</summary>
    int[] Encode(string text, bool withSpecial);

    /// <summary>The text of <paramref name="ids"/> (all inside the vocabulary), special tokens skipped.</summary>
    string Decode(int[] ids);
}
