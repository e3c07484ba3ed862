using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Flow;

/// <summary>One invertible layer of the flow: rows in, rows out, with the per-row log |det Jacobian|.</summary>
internal interface IFlowLayer : IDisposable
{
    /// <summary>Data → latent direction. <paramref name="training"/> selects batch statistics (and updates running ones).</summary>
    Tensor Forward(Tensor x, bool training, out Tensor logDet);

    /// <summary>Latent → data direction (evaluation mode).</summary>
    Tensor Inverse(Tensor z);

    IEnumerable<Parameter> Parameters { get; }
}
