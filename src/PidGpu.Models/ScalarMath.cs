using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models;

/// <summary>
/// Tensor-and-number arithmetic that holds an explicit <see cref="Scalar"/> until the native call returns. TorchSharp 0.107
/// turns a number passed where a Scalar is expected into a native object that nothing keeps alive during the call, so a
/// garbage collection on another thread can finalize it mid-call (seen once in 9,000 training steps: "toLong ... Expected
/// false to be true" inside eq). Same operations as the operators, so the same numbers bit for bit.
/// </summary>
internal static class ScalarMath
{
    public static Tensor Times(this Tensor t, double v) { using var s = v.ToScalar(); return t.mul(s); }

    public static Tensor Plus(this Tensor t, double v) { using var s = v.ToScalar(); return t.add(s); }

    public static Tensor Minus(this Tensor t, double v) { using var s = v.ToScalar(); return t.sub(s); }

    public static Tensor TimesInPlace(this Tensor t, double v) { using var s = v.ToScalar(); return t.mul_(s); }
}
