using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary>Multi-head self-attention with biased q/k/v/out projections and no mask (every patch sees every patch).</summary>
internal sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear k_proj, v_proj, q_proj, out_proj;
    private readonly int heads, headDim;

    public ClipAttention(ClipVisionConfig c, ScalarType dtype) : base(nameof(ClipAttention))
    {
        (heads, headDim) = (c.NumAttentionHeads, c.HeadDim);
        k_proj = nn.Linear(c.HiddenSize, c.HiddenSize, dtype: dtype);
        v_proj = nn.Linear(c.HiddenSize, c.HiddenSize, dtype: dtype);
        q_proj = nn.Linear(c.HiddenSize, c.HiddenSize, dtype: dtype);
        out_proj = nn.Linear(c.HiddenSize, c.HiddenSize, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];
        Tensor Split(Linear p) => p.forward(x).view(b, t, heads, headDim).transpose(1, 2);
        var q = Split(q_proj).Times(1.0 / Math.Sqrt(headDim));
        var weights = nn.functional.softmax(q.matmul(Split(k_proj).transpose(-1, -2)), -1, ScalarType.Float32).to(x.dtype);
        var merged = weights.matmul(Split(v_proj)).transpose(1, 2).reshape(b, t, heads * headDim);
        return out_proj.forward(merged).MoveToOuterDisposeScope();
    }
}
