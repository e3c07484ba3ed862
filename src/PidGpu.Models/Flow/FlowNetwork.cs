using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Flow;

/// <summary>
/// The stacked bijection on standardised rows: Blocks × (coupling → batch norm), standard-normal base.
/// Masks alternate which group is conditioned on, and every second pair switches the grouping between
/// halves [0, ⌈d/2⌉) and even/odd indices so every pair of dimensions gets coupled. One-dimensional input has
/// nothing to condition on, so its blocks are elementwise sinh–arcsinh layers instead (see <see cref="SinhArcsinhLayer"/>).
/// </summary>
internal sealed class FlowNetwork : IDisposable
{
    private readonly List<IFlowLayer> _layers = new();
    private readonly int _dims;

    public FlowNetwork(int dims, FlowOptions options, Generator generator)
    {
        _dims = dims;
        for (int k = 0; k < options.Blocks; k++)
        {
            _layers.Add(dims == 1 ? new SinhArcsinhLayer(dims) : new AffineCoupling(Mask(dims, k), options.Hidden, generator));
            _layers.Add(new FlowBatchNorm(dims));
        }
    }

    public IReadOnlyList<Parameter> Parameters => _layers.SelectMany(l => l.Parameters).ToList();

    /// <summary>Block k's conditioned entries: grouping by halves or by parity (k/2 even or odd), side by k's parity.</summary>
    internal static bool[] Mask(int dims, int block)
    {
        bool parity = (block / 2) % 2 == 1, first = block % 2 == 0;
        var mask = new bool[dims];
        for (int j = 0; j < dims; j++)
        {
            bool inA = parity ? j % 2 == 0 : j < (dims + 1) / 2;
            mask[j] = inA == first;
        }
        return mask;
    }

    public Tensor Forward(Tensor x, bool training, out Tensor logDet)
    {
        logDet = zeros(x.shape[0], ScalarType.Float64);
        foreach (var layer in _layers)
        {
            x = layer.Forward(x, training, out var ld);
            logDet = logDet + ld;
        }
        return x;
    }

    /// <summary>Sets every batch norm's evaluation statistics from the whole training split, layer by layer.</summary>
    public void CalibrateBatchNorms(Tensor train)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = train;
        foreach (var layer in _layers)
        {
            if (layer is FlowBatchNorm bn) bn.SetRunningStatistics(x);
            x = layer.Forward(x, training: false, out _);
        }
    }

    public Tensor Inverse(Tensor z)
    {
        for (int i = _layers.Count - 1; i >= 0; i--) z = _layers[i].Inverse(z);
        return z;
    }

    /// <summary>Per-row log density (nats) of standardised rows under the flow.</summary>
    public Tensor LogProb(Tensor x, bool training)
    {
        var z = Forward(x, training, out var logDet);
        return z.square().sum(1).Times(-0.5).Minus(0.5 * _dims * Math.Log(2 * Math.PI)) + logDet;
    }

    public void Dispose()
    {
        foreach (var layer in _layers) layer.Dispose();
    }
}
