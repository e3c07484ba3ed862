using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;

namespace PidGpu.Models.Training;

/// <summary>A tiny scene VLM: the LLaVA model and its word-level tokenizer, loaded from one directory.</summary>
public sealed class TinyVlm(LlavaModel model, PromptTokenizer tokenizer) : IDisposable
{
    public LlavaModel Model { get; } = model;

    public PromptTokenizer Tokenizer { get; } = tokenizer;

    /// <summary>Loads a directory written by <see cref="TinyVlmTrainer.Train"/> (HF layout + tokenizer.json, or vocab.txt in older folders).</summary>
    public static TinyVlm Load(string directory)
    {
        var tokenizer = PromptTokenizer.LoadTiny(directory);
        LlavaModel model;
        try
        {
            model = LlavaCheckpoint.Load(directory);
        }
        catch
        {
            tokenizer.Dispose();
            throw;
        }
        if (model.Config.Text.VocabSize != tokenizer.VocabularySize)
        {
            model.Dispose();
            tokenizer.Dispose();
            throw new PidInputException($"{directory}: the tokenizer has {tokenizer.VocabularySize} tokens but config.json's vocab_size is {model.Config.Text.VocabSize}");
        }
        return new TinyVlm(model, tokenizer);
    }

    public void Dispose()
    {
        Model.Dispose();
        Tokenizer.Dispose();
    }
}
