using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary>One Llama block: x + attn(RMSNorm x), then + SwiGLU(RMSNorm x).</summary>
internal sealed class LlamaDecoderLayer : nn.Module
{
    private readonly LlamaAttention self_attn;
    private readonly LlamaMlp mlp;
    private readonly RmsNorm input_layernorm;
    private readonly RmsNorm post_attention_layernorm;

    public LlamaDecoderLayer(LlamaTextConfig c, ScalarType dtype) : base(nameof(LlamaDecoderLayer))
    {
        self_attn = new LlamaAttention(c, dtype);
        mlp = new LlamaMlp(c, dtype);
        input_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        RegisterComponents();
    }

    /// <param name="mask">Additive attention mask [B or 1, 1, T, T] (0 or −∞).</param>
    public Tensor Forward(Tensor x, Tensor mask, RotaryEmbedding.Table rope)
    {
        using var scope = NewDisposeScope();
        var h = x + self_attn.Forward(input_layernorm.forward(x), mask, rope);
        return (h + mlp.forward(post_attention_layernorm.forward(h))).MoveToOuterDisposeScope();
    }
}
