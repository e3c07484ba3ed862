using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary><c>multi_modal_projector</c>: LLaVA-1.5's mlp2x_gelu, linear_2(GELU(linear_1 x)).</summary>
internal sealed class LlavaProjector : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear_1, linear_2;

    public LlavaProjector(LlavaConfig c, ScalarType dtype) : base(nameof(LlavaProjector))
    {
        linear_1 = nn.Linear(c.Vision.HiddenSize, c.Text.HiddenSize, dtype: dtype);
        linear_2 = nn.Linear(c.Text.HiddenSize, c.Text.HiddenSize, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return linear_2.forward(nn.functional.gelu(linear_1.forward(x))).MoveToOuterDisposeScope();
    }
}
