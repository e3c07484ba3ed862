using ILGPU;
using ILGPU.Runtime;
using PidGpu.Kernels;
using PidGpu.Kernels.Gaussian;

namespace EmbedKernels;

/// <summary>
/// The embedding program's own kernels: they make the inputs on the device and turn the PidGpu kernels' outputs
/// into atoms there, so that nothing crosses to the host between stages.
/// </summary>
static class SampleKernels
{
    /// <summary>Atoms per problem, in this order: R, U1, U2, S, I (bits).</summary>
    public const int AtomCount = 5;
    const double Log2E = 1.4426950408889634;

    /// <summary>
    /// Codes of problem b = i / samples: sample j takes (x1, x2) = (j mod 2, ⌊j/2⌋ mod 2), so with samples a multiple
    /// of 4 each pair is exactly equally likely. Problem 0 is XOR (y = x1 ⊕ x2), problem 1 COPY (y = 2·x1 + x2).
    /// </summary>
    public static void FillCodes(Index1D i, int samples, ArrayView<int> x1, ArrayView<int> x2, ArrayView<int> y)
    {
        int b = i / samples, j = i % samples;
        int a = j & 1, c = (j >> 1) & 1;
        x1[i] = a;
        x2[i] = c;
        y[i] = b == 0 ? a ^ c : 2 * a + c;
    }

    public static void ToProbabilities(Index1D i, int samples, ArrayView<int> counts, ArrayView<double> p) =>
        p[i] = counts[i] / (double)samples;

    /// <summary>
    /// BROJA atoms from the union information m = H(Y) + min f / ln 2 (Bertschinger et al. 2014); an unconverged
    /// problem gives NaN so that no check can pass on it.
    /// </summary>
    public static void BrojaAtoms(Index1D b, ArrayView<InformationTerms> terms, ArrayView<BrojaOutcome> outcomes, ArrayView<double> atoms)
    {
        var t = terms[b];
        double m = outcomes[b].Converged != 0 ? t.EntropyY + outcomes[b].Primal * Log2E : double.NaN;
        Write(atoms, b, t.I1, t.I2, t.I12, m);
    }

    /// <summary>
    /// Entry i of the 3 × 3 covariance of (X1, X2, Y) for Y = a1·X1 + a2·X2 + N(0, noise), X1 and X2 independent
    /// standard normal.
    /// </summary>
    public static void FillLinearGaussian(Index1D i, double a1, double a2, double noise, ArrayView<double> covariance)
    {
        int r = i / 3, c = i % 3;
        double v;
        if (r == 2 && c == 2) v = a1 * a1 + a2 * a2 + noise;
        else if (r == 2 || c == 2) v = (r == 0 || c == 0) ? a1 : a2;
        else v = r == c ? 1 : 0;
        covariance[i] = v;
    }

    /// <summary>~G-PID atoms from the solver's union information (nats); a failed or unconverged problem gives NaN.</summary>
    public static void GaussianAtoms(Index1D b, ArrayView<GaussianPidOutcome> outcomes, ArrayView<double> atoms)
    {
        var o = outcomes[b];
        double m = o.Status == 0 && o.Converged != 0 ? o.Union * Log2E : double.NaN;
        Write(atoms, b, o.I1 * Log2E, o.I2 * Log2E, o.I12 * Log2E, m);
    }

    /// <summary>R = I1 + I2 − m, U1 = m − I2, U2 = m − I1, S = I − m for the union information m.</summary>
    static void Write(ArrayView<double> atoms, int b, double i1, double i2, double i12, double m)
    {
        long at = (long)b * AtomCount;
        atoms[at] = i1 + i2 - m;
        atoms[at + 1] = m - i2;
        atoms[at + 2] = m - i1;
        atoms[at + 3] = i12 - m;
        atoms[at + 4] = i12;
    }
}
