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
