using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

/// <summary>
/// Llama rotary position embedding (Hugging Face "rotate_half" layout): frequencies θ^(−2i/d) for i &lt; d/2,
/// duplicated to d, so x ↦ x·cos + rotate_half(x)·sin with rotate_half([a, b]) = [−b, a].
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>cos/sin tables [T, d] for positions 0..T−1.</summary>
    public sealed class Table(Tensor cos, Tensor sin) : IDisposable
    {
        public Tensor Cos { get; } = cos;
        public Tensor Sin { get; } = sin;

        /// <summary>Rotates x [B, H, T, d].</summary>
        public Tensor Apply(Tensor x)
        {
            using var scope = NewDisposeScope();
            long half = x.shape[^1] / 2;
            var rotated = torch.cat(new[] { -x[.., .., .., (int)half..], x[.., .., .., ..(int)half] }, -1);
            return (x * Cos.to(x.dtype) + rotated * Sin.to(x.dtype)).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            Cos.Dispose();
            Sin.Dispose();
        }
    }

    /// <summary>The tables for <paramref name="positions"/> positions, computed on the CPU and placed on <paramref name="device"/>.</summary>
    public static Table Create(long positions, int headDim, double theta, torch.Device? device = null)
    {
        using var scope = NewDisposeScope();
        // float32 as transformers computes it, so positions match a Python run bit for bit as far as possible.
        // Explicit Scalars held until the calls return (see ScalarMath).
        using Scalar zero = 0.ToScalar(), dim = headDim.ToScalar(), two = 2.ToScalar(), count = positions.ToScalar();
        using var thetaTensor = torch.tensor(theta); // 0-dim, so the float32 exponents keep their dtype
        var invFreq = torch.pow(thetaTensor, torch.arange(zero, dim, two, ScalarType.Int64).to(ScalarType.Float32).div(dim)).reciprocal();
        var freqs = torch.outer(torch.arange(count, ScalarType.Float32), invFreq);
        var emb = torch.cat(new[] { freqs, freqs }, -1);
        device ??= torch.CPU;
        return new Table(emb.cos().to(device).MoveToOuterDisposeScope(), emb.sin().to(device).MoveToOuterDisposeScope());
    }
}
