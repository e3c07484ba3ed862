namespace PidGpu.Estimate;

/// <summary>
/// One redundancy measure of the bivariate PID of I(Y; X1, X2), with its forms side by side: the <b>discrete</b> form
/// (a joint table p(x1, x2, y) → atoms) and, where the measure has one, the <b>Gaussian</b> form (a covariance over
/// [X1 (d1 dims), X2 (d2 dims), Y (dy dims)] → atoms). Both give <see cref="PidAtoms"/> in bits that obey the consistency
/// equations (written once, in <see cref="PidAtoms"/>).
/// </summary>
/// <remarks>
/// <para>The measures are the catalogue <see cref="PidMeasures"/>, one instance each, compared by reference:
/// I_min (<c>"imin"</c>, discrete only), MMI (<c>"mmi"</c>, both forms) and BROJA (<c>"broja"</c>, whose Gaussian form is
/// ~G-PID of Venkatesh et al. 2023, <c>"gpid"</c>). <see cref="Name"/> and <see cref="GaussianName"/> are the one name of each
/// form: result files, command-line flags and the result records' properties (<c>Mmi</c>, <c>Broja</c>, <c>Gpid</c>) use them.</para>
/// <para>The two forms here (<see cref="Discrete"/>, <see cref="Gaussian"/>) decompose one problem on the host. Many
/// problems go to the batched engines, which take measures from the catalogue: <see cref="DiscretePidEngine"/> (many joint
/// tables, one launch per kernel) and <see cref="GaussianPidEngine"/> (many covariances, on the device). The engines run
/// one batch loop per measure and do not call through this interface per problem; they refuse a measure from outside
/// the catalogue, as the catalogue is what they know how to batch.</para>
/// </remarks>
public interface IPidMeasure
{
    /// <summary>The measure's name and that of its discrete form: <c>"imin"</c>, <c>"mmi"</c> or <c>"broja"</c>.</summary>
    string Name { get; }

    /// <summary>The name of the Gaussian form (<c>"mmi"</c>; <c>"gpid"</c> for BROJA's ~G-PID), or null where the measure has none.</summary>
    string? GaussianName { get; }

    /// <summary>The discrete form: the exact plug-in decomposition of one joint table, on the host.</summary>
    /// <param name="options">BROJA's solver settings (other measures ignore them); null for the defaults.</param>
    /// <returns>For BROJA a <see cref="BrojaAtoms"/> with its certificate.</returns>
    /// <exception cref="PidInputException">Bad options (named).</exception>
    PidAtoms Discrete(JointDistribution joint, BrojaOptions? options = null);

    /// <summary>The Gaussian form: the decomposition of one covariance over [X1, X2, Y] (row-major blocks of d1, d2, dy), on the host.</summary>
    /// <returns>For BROJA (~G-PID) a <see cref="GpidAtoms"/> with its certificate.</returns>
    /// <exception cref="PidInputException">The measure has no Gaussian form (the message names the forms it has); bad shape,
    /// non-finite or asymmetric input, or a singular block (named).</exception>
    PidAtoms Gaussian(double[,] covariance, int d1, int d2, int dy, GaussianOptions? options = null);
}
