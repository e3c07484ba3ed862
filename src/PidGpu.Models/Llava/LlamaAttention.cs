using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

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
