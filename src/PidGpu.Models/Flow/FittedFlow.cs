using System.Diagnostics;
using static TorchSharp.torch;

namespace PidGpu.Models.Flow;

/// <summary>
/// A trained flow: the fixed bijection x ↦ z (standardise with the training mean/std, then the network in
/// evaluation mode, batch norms on running statistics) plus how well it fits. Dispose to free its tensors.
/// </summary>
public sealed class FittedFlow : IDisposable
{
    private const int Chunk = 8192;
    private readonly FlowNetwork _net;
    private readonly double[] _mean, _std;
    private readonly double _logStdSum;

    internal FittedFlow(FlowNetwork net, FlowOptions options, double[] mean, double[] std, int[] trainIdx, int[] heldIdx,
        IReadOnlyList<double> losses, double[] trainStd, double[] heldStd, Stopwatch clock)
    {
        _net = net;
        _mean = mean;
        _std = std;
        _logStdSum = std.Sum(Math.Log);
        Options = options;
        TrainIndices = trainIdx;
        HeldOutIndices = heldIdx;
        Training = FlowTrainingTrace.From(losses, Dims);
        TrainingSeconds = clock.Elapsed.TotalSeconds;
        TrainNllNats = -LogProbStandardised(trainStd, trainIdx.Length).Average() + _logStdSum;
        FinalNllNats = -LogProbStandardised(heldStd, heldIdx.Length).Average() + _logStdSum;
        InputGaussianity = GaussianityCheck.Of(heldStd, heldIdx.Length, Dims);
        HeldOutGaussianity = GaussianityCheck.Of(Latent(heldStd, heldIdx.Length), heldIdx.Length, Dims);
    }

    public int Dims => _mean.Length;
    public FlowOptions Options { get; }

    /// <summary>Training-split column means and standard deviations (population) used to standardise inputs.</summary>
    public IReadOnlyList<double> Mean => _mean;
    public IReadOnlyList<double> Std => _std;

    /// <summary>Input row indices (ascending) the flow was trained on, and the disjoint held-out ones.</summary>
    public IReadOnlyList<int> TrainIndices { get; }
    public IReadOnlyList<int> HeldOutIndices { get; }

    /// <summary>Mean negative log-likelihood per held-out row, in nats, in the input's own units (standardisation included).</summary>
    public double FinalNllNats { get; }

    /// <summary><see cref="FinalNllNats"/> in bits per dimension.</summary>
    public double FinalNllBitsPerDim => FinalNllNats / (Dims * Math.Log(2));

    /// <summary>The same NLL on the training rows (evaluation mode); far below <see cref="FinalNllNats"/> means overfitting.</summary>
    public double TrainNllNats { get; }

    public FlowTrainingTrace Training { get; }

    /// <summary>Wall-clock seconds of the fit (split, training and nothing else).</summary>
    public double TrainingSeconds { get; }

    /// <summary>Moments of the transformed held-out rows (the result), and of the standardised held-out input (the baseline).</summary>
    public GaussianityCheck HeldOutGaussianity { get; }
    public GaussianityCheck InputGaussianity { get; }

    /// <summary>Maps rows × Dims input (row-major) to the flow's latent space, ≈ N(0, I).</summary>
    public double[] Transform(double[] data, int rows)
    {
        FlowInput.CheckMatrix(data, rows, Dims, "flow transform input");
        return Latent(FlowGaussianizer.Standardise(data, Dims, _mean, _std), rows);
    }

    /// <summary>Inverse of <see cref="Transform"/>: latent rows back to input units.</summary>
    public double[] Inverse(double[] latent, int rows)
    {
        FlowInput.CheckMatrix(latent, rows, Dims, "flow latent input");
        var x = Map(latent, rows, t => _net.Inverse(t));
        for (int i = 0; i < x.Length; i++) x[i] = x[i] * _std[i % Dims] + _mean[i % Dims];
        return x;
    }

    /// <summary>Per-row log density of the input under the flow, in nats and the input's own units.</summary>
    public double[] LogDensityNats(double[] data, int rows)
    {
        FlowInput.CheckMatrix(data, rows, Dims, "flow density input");
        var lp = LogProbStandardised(FlowGaussianizer.Standardise(data, Dims, _mean, _std), rows);
        for (int i = 0; i < rows; i++) lp[i] -= _logStdSum;
        return lp;
    }

    /// <summary>Per-row log |det ∂Transform/∂x| (nats), standardisation included.</summary>
    public double[] LogAbsDetJacobian(double[] data, int rows)
    {
        FlowInput.CheckMatrix(data, rows, Dims, "flow Jacobian input");
        var std = FlowGaussianizer.Standardise(data, Dims, _mean, _std);
        var ld = Map(std, rows, t => { _net.Forward(t, training: false, out var logDet); return logDet; });
        for (int i = 0; i < rows; i++) ld[i] -= _logStdSum;
        return ld;
    }

    private double[] Latent(double[] standardised, int rows) => Map(standardised, rows, t => _net.Forward(t, false, out _));

    private double[] LogProbStandardised(double[] standardised, int rows) => Map(standardised, rows, t => _net.LogProb(t, false));

    /// <summary>Runs <paramref name="f"/> without autograd over row chunks and concatenates the flattened results.</summary>
    private double[] Map(double[] rowsMajor, int rows, Func<Tensor, Tensor> f)
    {
        var output = new List<double>();
        using var noGrad = no_grad();
        for (int start = 0; start < rows; start += Chunk)
        {
            int n = Math.Min(Chunk, rows - start);
            using var gcHold = TorchGc.Hold();
            using var scope = NewDisposeScope();
            var x = tensor(rowsMajor.AsSpan(start * Dims, n * Dims).ToArray(), new long[] { n, Dims }, ScalarType.Float64);
            output.AddRange(f(x).contiguous().data<double>().ToArray());
        }
        return output.ToArray();
    }

    public void Dispose() => _net.Dispose();
}
