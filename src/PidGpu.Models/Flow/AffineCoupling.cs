using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Flow;

/// <summary>
/// RealNVP affine coupling (Dinh et al. 2017): y = x ⊙ exp(s(x_c)) + t(x_c) on the unmasked entries, x_c passed
/// through. s and t come from one MLP (2 hidden ReLU layers of width h) on the masked input; the log-scale is
/// bounded as s = γ ⊙ tanh(raw) so no step can blow up. The last layer starts at zero, so the block starts as the identity.
/// </summary>
internal sealed class AffineCoupling : IFlowLayer
{
    private readonly Tensor _mask, _free;
    private readonly Parameter _w1, _b1, _w2, _b2, _w3, _b3, _scale;
    private readonly int _dims;

    public AffineCoupling(bool[] conditioned, int hidden, Generator generator)
    {
        _dims = conditioned.Length;
        double[] m = conditioned.Select(c => c ? 1.0 : 0.0).ToArray();
        _mask = tensor(m, new long[] { 1, _dims }, ScalarType.Float64);
        _free = 1.0 - _mask;
        (_w1, _b1) = UniformLinear(_dims, hidden, generator);
        (_w2, _b2) = UniformLinear(hidden, hidden, generator);
        _w3 = new Parameter(zeros(2 * _dims, hidden, ScalarType.Float64));
        _b3 = new Parameter(zeros(2 * _dims, ScalarType.Float64));
        _scale = new Parameter(ones(_dims, ScalarType.Float64));
    }

    public IEnumerable<Parameter> Parameters => new[] { _w1, _b1, _w2, _b2, _w3, _b3, _scale };

    public Tensor Forward(Tensor x, bool training, out Tensor logDet)
    {
        var (s, t) = ScaleShift(x * _mask);
        logDet = s.sum(1);
        return x * s.exp() + t;
    }

    public Tensor Inverse(Tensor z)
    {
        var (s, t) = ScaleShift(z * _mask); // the conditioned entries pass through unchanged
        return (z - t) * (-s).exp();
    }

    private (Tensor S, Tensor T) ScaleShift(Tensor conditioned)
    {
        var h = nn.functional.relu(nn.functional.linear(conditioned, _w1, _b1));
        h = nn.functional.relu(nn.functional.linear(h, _w2, _b2));
        var o = nn.functional.linear(h, _w3, _b3);
        var s = _scale * o.narrow(1, 0, _dims).tanh() * _free;
        var t = o.narrow(1, _dims, _dims) * _free;
        return (s, t);
    }

    /// <summary>PyTorch's default Linear initialisation, U(±1/√fan_in), drawn from the flow's own generator.</summary>
    private static (Parameter W, Parameter B) UniformLinear(int inputs, int outputs, Generator generator)
    {
        double bound = 1.0 / Math.Sqrt(inputs);
        var w = (rand(new long[] { outputs, inputs }, ScalarType.Float64, generator: generator) * 2 - 1) * bound;
        var b = (rand(new long[] { outputs }, ScalarType.Float64, generator: generator) * 2 - 1) * bound;
        return (new Parameter(w), new Parameter(b));
    }

    public void Dispose()
    {
        foreach (var p in Parameters) p.Dispose();
        _mask.Dispose();
        _free.Dispose();
    }
}
