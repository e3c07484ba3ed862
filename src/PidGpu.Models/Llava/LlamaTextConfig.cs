namespace PidGpu.Models.Llava;

/// <summary>The Llama decoder's shape (<c>text_config</c> of a Hugging Face LLaVA <c>config.json</c>).</summary>
public sealed record LlamaTextConfig(
    int HiddenSize, int IntermediateSize, int NumHiddenLayers, int NumAttentionHeads, int NumKeyValueHeads,
    double RmsNormEps, double RopeTheta, int VocabSize, int MaxPositionEmbeddings)
{
    public int HeadDim => HiddenSize / NumAttentionHeads;

    internal static LlamaTextConfig Parse(ConfigJson json)
    {
        // Absent fields take LlamaConfig's defaults, as transformers does.
        json.OneOf("model_type", "llama", "llama");
        json.Unsupported("rope_scaling", "only plain rotary embeddings are implemented");
        if (json.Bool("attention_bias", false) || json.Bool("mlp_bias", false))
            throw new PidInputException($"config.json: '{json.Path}.attention_bias'/'mlp_bias' = true is not supported: Llama projections without bias only.");
        int heads = json.PositiveInt("num_attention_heads", 32);
        var c = new LlamaTextConfig(
            json.PositiveInt("hidden_size", 4096), json.PositiveInt("intermediate_size", 11008),
            json.PositiveInt("num_hidden_layers", 32), heads, json.PositiveInt("num_key_value_heads", heads),
            json.PositiveDouble("rms_norm_eps", 1e-6), json.PositiveDouble("rope_theta", 10000.0),
            json.PositiveInt("vocab_size", 32000), json.PositiveInt("max_position_embeddings", 2048));
        json.OneOf("hidden_act", "silu", "silu");
        if (json.Bool("tie_word_embeddings", false))
            throw new PidInputException($"config.json: '{json.Path}.tie_word_embeddings' = true is not supported: LLaVA checkpoints carry their own lm_head.");
        if (c.HiddenSize % heads != 0)
            throw new PidInputException($"config.json: '{json.Path}.hidden_size' ({c.HiddenSize}) is not divisible by '{json.Path}.num_attention_heads' ({heads}).");
        if (json.Has("head_dim") && json.PositiveInt("head_dim") != c.HeadDim)
            throw new PidInputException($"config.json: '{json.Path}.head_dim' must equal hidden_size / num_attention_heads ({c.HeadDim}).");
        if (heads % c.NumKeyValueHeads != 0)
            throw new PidInputException($"config.json: '{json.Path}.num_attention_heads' ({heads}) is not a multiple of '{json.Path}.num_key_value_heads' ({c.NumKeyValueHeads}).");
        if (c.HeadDim % 2 != 0)
            throw new PidInputException($"config.json: the head size {c.HeadDim} of '{json.Path}' must be even for rotary embeddings.");
        return c;
    }
}
