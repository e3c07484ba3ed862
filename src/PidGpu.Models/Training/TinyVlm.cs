using PidGpu.Models.Llava;
using PidGpu.Models.Text;

namespace PidGpu.Models.Training;

/// <summary>A tiny scene VLM: the LLaVA model and its word-level tokenizer, loaded from one directory.</summary>
public sealed class TinyVlm(LlavaModel model, PromptTokenizer tokenizer) : IDisposable
{
    public LlavaModel Model { get; } = model;

    public PromptTokenizer Tokenizer { get; } = tokenizer;

    /// <summary>Loads a directory written by <see cref="TinyVlmTrainer.Train"/> (HF layout + vocab.txt).</summary>
    public static TinyVlm Load(string directory)
    {
        var tokenizer = PromptTokenizer.LoadWordLevel(directory);
        var model = LlavaCheckpoint.Load(directory);
        if (model.Config.Text.VocabSize != tokenizer.VocabularySize)
        {
            model.Dispose();
            throw new PidInputException($"{directory}: vocab.txt has {tokenizer.VocabularySize} tokens but config.json's vocab_size is {model.Config.Text.VocabSize}");
        }
        return new TinyVlm(model, tokenizer);
    }

    public void Dispose() => Model.Dispose();
}
