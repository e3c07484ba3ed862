using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate;

/// <summary>
/// Small-sample bias correction of Gaussian log-determinants and mutual informations
/// (Cai, Liang &amp; Zhou 2015, J. Multivariate Anal. 137, "Law of log determinant of sample covariance matrix and
/// optimal estimation of differential entropy for high-dimensional Gaussian distributions").
///
/// If Q = Σᵢ (xᵢ − x̄)(xᵢ − x̄)ᵀ over <see cref="Samples"/> = N rows, Q ~ Wishart_p(ν, Σ) with ν = N − 1 degrees
/// of freedom (one is spent on the estimated mean), and E log det Q = log det Σ + Σ_{k=1..p} ψ((ν − k + 1)/2) + p ln 2.
/// For Σ̂ = Q / D this gives the bias
/// <c>E log det Σ̂ − log det Σ = Σ_{k=1..p} [ψ((ν − k + 1)/2) − ln(D/2)]</c>.
/// The paper's formula Σ_k [ψ((n − k + 1)/2) − ln(n/2)] is the known-mean case ν = D = n. <see cref="ChunkedCovariance"/>
/// and the resampling kernels divide by D = N (maximum likelihood) with the mean estimated, so the default
/// (<see cref="MeanEstimated"/> = true, <see cref="UnbiasedDivisor"/> = false) uses ν = N − 1, D = N:
/// bias_p = Σ_{k=1..p} [ψ((N − k)/2) − ln(N/2)]. It needs ν ≥ p.
///
/// A mutual information I(A;B) = ½ [log det Σ_A + log det Σ_B − log det Σ_AB] (nats) is corrected term by term:
/// I − ½ [bias_{pA} + bias_{pB} − bias_{pA+pB}]. The ridge, if any, is ignored by the correction.
/// </summary>
/// <param name="Samples">N, the rows the covariance was estimated from.</param>
/// <param name="MeanEstimated">True when the covariance is about the sample mean (ν = N − 1), false for a known mean (ν = N).</param>
/// <param name="UnbiasedDivisor">True when the covariance was divided by N − 1 instead of N.</param>
public sealed record LogDetBiasCorrection(long Samples, bool MeanEstimated = true, bool UnbiasedDivisor = false)
{
    long DegreesOfFreedom => MeanEstimated ? Samples - 1 : Samples;
    double Divisor => UnbiasedDivisor ? Samples - 1 : Samples;

    /// <summary>E[log det Σ̂] − log det Σ (nats) for a p-dimensional block.</summary>
    /// <exception cref="PidInputException">Too few samples for p dimensions (ν &lt; p), or N &lt; 2.</exception>
    public double LogDetBias(int p)
    {
        long nu = DegreesOfFreedom;
        if (Samples < 2 || nu < p)
            throw new PidInputException($"the bias correction needs at least {p + (MeanEstimated ? 1 : 0)} samples for a {p}-dimensional block (got {Samples}).");
        double bias = 0, logHalfDivisor = Math.Log(Divisor / 2);
        for (int k = 1; k <= p; k++) bias += Digamma.Of((nu - k + 1) / 2.0) - logHalfDivisor;
        return bias;
    }

    /// <summary>Unbiased estimate of log det Σ (nats) from the plug-in log det Σ̂ of a p-dimensional block.</summary>
    public double CorrectLogDet(double logDet, int p) => logDet - LogDetBias(p);

    /// <summary>The amount (nats) to add to a plug-in I(A;B) with |A| = pA, |B| = pB: −½ [bias_pA + bias_pB − bias_(pA+pB)].</summary>
    public double MutualInformationShift(int pA, int pB) => -0.5 * (LogDetBias(pA) + LogDetBias(pB) - LogDetBias(pA + pB));

    /// <summary>
    /// Corrects a solver outcome (nats): I(Y;X1), I(Y;X2) and I(Y;X1,X2) by <see cref="MutualInformationShift"/>;
    /// the ~G-PID union information m (an I_Q(Y;X1,X2) over the same dimensions) is shifted by the same amount as
    /// I(Y;X1,X2). Hence, for ~G-PID, the synergy S = I(Y;X1,X2) − m is the optimiser's plug-in value, while
    /// R = I1 + I2 − m, U1 = m − I2 and U2 = m − I1 follow from the corrected terms, and the consistency equations
    /// still hold exactly. For MMI all atoms follow from the three corrected terms. Gap and certificate are unchanged.
    /// </summary>
    public GaussianPidOutcome Apply(GaussianPidOutcome o, GaussianShape shape)
    {
        double s12 = MutualInformationShift(shape.D1 + shape.D2, shape.DY);
        o.I1 += MutualInformationShift(shape.D1, shape.DY);
        o.I2 += MutualInformationShift(shape.D2, shape.DY);
        o.I12 += s12;
        o.Union += s12;
        o.Independent += s12;
        return o;
    }
}
