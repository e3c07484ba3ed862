using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

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
