using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary>LlamaRMSNorm: weight · x / sqrt(mean(x²) + eps), the statistics in float32.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double eps;

    public RmsNorm(int size, double eps, ScalarType dtype = ScalarType.Float32) : base(nameof(RmsNorm))
    {
        this.eps = eps;
        weight = new Parameter(torch.ones(size, dtype: dtype));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var f = x.to(ScalarType.Float32);
        using var two = 2.ToScalar(); // explicit, see ScalarMath
        var normed = f * torch.rsqrt(f.pow(two).mean(new long[] { -1 }, keepdim: true).Plus(eps));
        return (weight * normed.to(x.dtype)).MoveToOuterDisposeScope();
    }
}
