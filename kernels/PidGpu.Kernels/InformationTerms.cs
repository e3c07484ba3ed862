namespace PidGpu.Kernels;

/// <summary>Mutual informations of one joint p(x1,x2,y), in bits.</summary>
public struct InformationTerms
{
    public double EntropyY;
    /// <summary>I(Y; X1).</summary>
    public double I1;
    /// <summary>I(Y; X2).</summary>
    public double I2;
    /// <summary>I(Y; X1, X2).</summary>
    public double I12;
}
