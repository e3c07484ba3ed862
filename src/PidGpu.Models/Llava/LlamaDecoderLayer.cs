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

/// <summary>Grouped-query attention: H query heads share H/KV key/value heads; rotary positions on q and k.</summary>
internal sealed class LlamaAttention : nn.Module
{
    private readonly Linear q_proj, k_proj, v_proj, o_proj;
    private readonly int heads, kvHeads, headDim;

    public LlamaAttention(LlamaTextConfig c, ScalarType dtype) : base(nameof(LlamaAttention))
    {
        (heads, kvHeads, headDim) = (c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim);
        q_proj = nn.Linear(c.HiddenSize, heads * headDim, hasBias: false, dtype: dtype);
        k_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, hasBias: false, dtype: dtype);
        v_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, hasBias: false, dtype: dtype);
        o_proj = nn.Linear(heads * headDim, c.HiddenSize, hasBias: false, dtype: dtype);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor mask, RotaryEmbedding.Table rope)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];
        var q = rope.Apply(q_proj.forward(x).view(b, t, heads, headDim).transpose(1, 2));
        var k = rope.Apply(k_proj.forward(x).view(b, t, kvHeads, headDim).transpose(1, 2));
        var v = v_proj.forward(x).view(b, t, kvHeads, headDim).transpose(1, 2);
        if (kvHeads != heads)
        {
            k = k.repeat_interleave(heads / kvHeads, 1);
            v = v.repeat_interleave(heads / kvHeads, 1);
        }
        var scores = q.matmul(k.transpose(-1, -2)).Times(1.0 / Math.Sqrt(headDim)) + mask.to(q.dtype);
        var weights = scores.to(ScalarType.Float32).softmax(-1).to(x.dtype);
        var merged = weights.matmul(v).transpose(1, 2).reshape(b, t, heads * headDim);
        return o_proj.forward(merged).MoveToOuterDisposeScope();
    }
}

/// <summary>SwiGLU: down(silu(gate x) · up x).</summary>
internal sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear gate_proj, up_proj, down_proj;

    public LlamaMlp(LlamaTextConfig c, ScalarType dtype) : base(nameof(LlamaMlp))
    {
        gate_proj = nn.Linear(c.HiddenSize, c.IntermediateSize, hasBias: false, dtype: dtype);
        up_proj = nn.Linear(c.HiddenSize, c.IntermediateSize, hasBias: false, dtype: dtype);
        down_proj = nn.Linear(c.IntermediateSize, c.HiddenSize, hasBias: false, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return down_proj.forward(nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x)).MoveToOuterDisposeScope();
    }
}
