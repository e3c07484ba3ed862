using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Flow;

/// <summary>
/// Batch normalisation as a flow layer (Dinh et al. 2017, §3.7): y = (x − μ)/√(σ² + ε) · e^{log γ} + β with
/// log-det Σ(log γ − ½ log(σ² + ε)). Training uses the batch's statistics and updates running averages;
/// evaluation and the inverse use the running averages, so the transform is a fixed bijection after fitting.
/// After training they are replaced by exact statistics of the whole training split (<see cref="SetRunningStatistics"/>),
/// since momentum averages lag behind parameters that were still moving.
/// </summary>
internal sealed class FlowBatchNorm : IFlowLayer
{
    private const double Eps = 1e-5, Momentum = 0.1;
    private readonly Parameter _logGamma, _beta;
    private readonly Tensor _runMean, _runVar;

    public FlowBatchNorm(int dims)
    {
        _logGamma = new Parameter(zeros(dims, ScalarType.Float64));
        _beta = new Parameter(zeros(dims, ScalarType.Float64));
        _runMean = zeros(dims, ScalarType.Float64);
        _runVar = ones(dims, ScalarType.Float64);
    }

    public IEnumerable<Parameter> Parameters => new[] { _logGamma, _beta };

    public Tensor Forward(Tensor x, bool training, out Tensor logDet)
    {
        Tensor mean, variance;
        if (training)
        {
            mean = x.mean(new long[] { 0 });
            variance = (x - mean).square().mean(new long[] { 0 });
            using (no_grad())
            {
                _runMean.TimesInPlace(1 - Momentum).add_(mean.detach().Times(Momentum));
                _runVar.TimesInPlace(1 - Momentum).add_(variance.detach().Times(Momentum));
            }
        }
        else
        {
            mean = _runMean;
            variance = _runVar;
        }
        var logStd = variance.Plus(Eps).log().Times(0.5);
        logDet = (_logGamma - logStd).sum().expand(x.shape[0]);
        return (x - mean) * (_logGamma - logStd).exp() + _beta;
    }

    /// <summary>Replaces the running averages by the exact statistics of <paramref name="x"/> (this layer's whole-split input).</summary>
    public void SetRunningStatistics(Tensor x)
    {
        using var mean = x.mean(new long[] { 0 });
        using var centred = x - mean;
        using var variance = centred.square().mean(new long[] { 0 });
        _runMean.copy_(mean);
        _runVar.copy_(variance);
    }

    public Tensor Inverse(Tensor z) => (z - _beta) * (_runVar.Plus(Eps).log().Times(0.5) - _logGamma).exp() + _runMean;

    public void Dispose()
    {
        _logGamma.Dispose();
        _beta.Dispose();
        _runMean.Dispose();
        _runVar.Dispose();
    }
}
