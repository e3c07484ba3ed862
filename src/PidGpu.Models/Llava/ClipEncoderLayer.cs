using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

// Field names are the Hugging Face state-dict names (TorchSharp registers fields under their own names).
#pragma warning disable IDE1006

/// <summary>One pre-LN CLIP encoder block: x + attn(LN1 x), then + MLP(LN2 x) with quick-GELU.</summary>
internal sealed class ClipEncoderLayer : nn.Module<Tensor, Tensor>
{
    private readonly ClipAttention self_attn;
    private readonly LayerNorm layer_norm1;
    private readonly ClipMlp mlp;
    private readonly LayerNorm layer_norm2;

    public ClipEncoderLayer(ClipVisionConfig c, ScalarType dtype) : base(nameof(ClipEncoderLayer))
    {
        self_attn = new ClipAttention(c, dtype);
        layer_norm1 = nn.LayerNorm(c.HiddenSize, c.LayerNormEps, dtype: dtype);
        mlp = new ClipMlp(c, dtype);
        layer_norm2 = nn.LayerNorm(c.HiddenSize, c.LayerNormEps, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x + self_attn.forward(layer_norm1.forward(x));
        return (h + mlp.forward(layer_norm2.forward(h))).MoveToOuterDisposeScope();
    }
}

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

/// <summary>fc2(act(fc1 x)) with CLIP's quick-GELU x·σ(1.702x) (or exact GELU when configured).</summary>
internal sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1, fc2;
    private readonly bool quickGelu;

    public ClipMlp(ClipVisionConfig c, ScalarType dtype) : base(nameof(ClipMlp))
    {
        quickGelu = c.HiddenAct == "quick_gelu";
        fc1 = nn.Linear(c.HiddenSize, c.IntermediateSize, dtype: dtype);
        fc2 = nn.Linear(c.IntermediateSize, c.HiddenSize, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = fc1.forward(x);
        h = quickGelu ? h * torch.sigmoid(h.Times(1.702)) : nn.functional.gelu(h);
        return fc2.forward(h).MoveToOuterDisposeScope();
    }
}
