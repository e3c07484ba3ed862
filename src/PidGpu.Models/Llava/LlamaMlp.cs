using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

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
