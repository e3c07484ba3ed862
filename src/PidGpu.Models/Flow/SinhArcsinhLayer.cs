using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Flow;

/// <summary>
/// Elementwise monotone sinh–arcsinh layer (Jones &amp; Pewsey 2009), y = sinh(e^a · asinh(x) − b): b bends
/// skewness, a sets tail weight. It is the flow's block for one-dimensional input, where an affine coupling has
/// nothing to condition on. a is bounded as tanh(raw) ∈ (−1, 1) so stacked blocks cannot overflow.
/// </summary>
internal sealed class SinhArcsinhLayer : IFlowLayer
{
    private readonly Parameter _tailRaw, _skew;

    public SinhArcsinhLayer(int dims)
    {
        _tailRaw = new Parameter(zeros(dims, ScalarType.Float64));
        _skew = new Parameter(zeros(dims, ScalarType.Float64));
    }

    public IEnumerable<Parameter> Parameters => new[] { _tailRaw, _skew };

    public Tensor Forward(Tensor x, bool training, out Tensor logDet)
    {
        var a = _tailRaw.tanh();
        var u = a.exp() * x.asinh() - _skew;
        // log dy/dx = log cosh(u) + a − ½ log(1 + x²); log cosh(u) = |u| + log1p(e^{−2|u|}) − log 2 is overflow-safe.
        var au = u.abs();
        var logCosh = (au + au.Times(-2).exp().log1p()).Minus(Math.Log(2));
        logDet = (logCosh + a - (x * x).log1p().Times(0.5)).sum(1);
        return u.sinh();
    }

    public Tensor Inverse(Tensor z) => ((z.asinh() + _skew) * (-_tailRaw.tanh()).exp()).sinh();

    public void Dispose()
    {
        _tailRaw.Dispose();
        _skew.Dispose();
    }
}
