using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary><c>model</c>: token embeddings, the decoder blocks and the final RMSNorm.</summary>
internal sealed class LlamaModel : nn.Module
{
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;
    private readonly LlamaTextConfig config;

    public LlamaModel(LlamaTextConfig c, ScalarType dtype) : base(nameof(LlamaModel))
    {
        config = c;
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize, dtype: dtype);
        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new LlamaDecoderLayer(c, dtype)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        RegisterComponents();
    }

    public Tensor Embed(Tensor ids) => embed_tokens.forward(ids);

    public torch.Device Device => embed_tokens.weight!.device;

    /// <summary>
    /// Runs the blocks on <paramref name="embeds"/> [B, T, D] under the causal mask; in the layers of <paramref name="knockout"/>
    /// its blocked (query, key) pairs are also −∞. Returns the final normed state; <paramref name="hidden"/> (when given) receives
    /// transformers' output_hidden_states: the input, the output of each block but the last, then the normed last output.
    /// </summary>
    public Tensor Run(Tensor embeds, AttentionKnockout? knockout, List<Tensor>? hidden, Action<int>? onBlock = null)
    {
        long t = embeds.shape[1];
        var device = embeds.device;
        using var rope = RotaryEmbedding.Create(t, config.HeadDim, config.RopeTheta, device);
        using var minusInfinity = float.NegativeInfinity.ToScalar(); // explicit, see ScalarMath
        using var causal = torch.full(t, t, minusInfinity, device: device).triu(1).view(1, 1, t, t);
        using var knocked = knockout?.AdditiveMask(embeds.shape[0], t, device);
        Tensor h = embeds.alias();
        for (int i = 0; i < layers.Count; i++)
        {
            onBlock?.Invoke(i);
            hidden?.Add(h.alias());
            var mask = knocked is not null && knockout!.Layers.Contains(i) ? knocked : causal;
            var next = layers[i].Forward(h, mask, rope);
            h.Dispose();
            h = next;
        }
        onBlock?.Invoke(layers.Count);
        var output = norm.forward(h);
        h.Dispose();
        hidden?.Add(output.alias());
        return output;
    }
}
