using PidGpu.Estimate;

namespace PidGpu.Tests.Support;

/// <summary>
/// Plain host (CPU, no ILGPU) information theory for checking the device: marginals straight from p, mutual
/// informations as entropy sums, Williams–Beer I_min from specific information, random Dirichlet joints.
/// Everything in bits.
/// </summary>
public static class HostPid
{
    public static double Log2(double v) => Math.Log(v) / Math.Log(2.0);

    /// <summary>−Σ v log2 v over positive entries.</summary>
    public static double Entropy(IEnumerable<double> probabilities)
    {
        double h = 0;
        foreach (var v in probabilities) if (v > 0) h -= v * Log2(v);
        return h;
    }

    /// <summary>p(x1, y) as [x1, y].</summary>
    public static double[,] PX1Y(JointDistribution j)
    {
        var r = new double[j.N1, j.NY];
        for (int a = 0; a < j.N1; a++) for (int b = 0; b < j.N2; b++) for (int y = 0; y < j.NY; y++) r[a, y] += j[a, b, y];
        return r;
    }

    /// <summary>p(x2, y) as [x2, y].</summary>
    public static double[,] PX2Y(JointDistribution j)
    {
        var r = new double[j.N2, j.NY];
        for (int a = 0; a < j.N1; a++) for (int b = 0; b < j.N2; b++) for (int y = 0; y < j.NY; y++) r[b, y] += j[a, b, y];
        return r;
    }

    public static double[] PY(JointDistribution j)
    {
        var r = new double[j.NY];
        for (int i = 0; i < j.P.Length; i++) r[i % j.NY] += j.P[i];
        return r;
    }

    static IEnumerable<double> Flat(double[,] m) { foreach (var v in m) yield return v; }

    static double[] RowSums(double[,] m)
    {
        var r = new double[m.GetLength(0)];
        for (int i = 0; i < m.GetLength(0); i++) for (int k = 0; k < m.GetLength(1); k++) r[i] += m[i, k];
        return r;
    }

    /// <summary>I(X;Y) = H(X) + H(Y) − H(X,Y) of a table [x, y].</summary>
    public static double MutualInformation(double[,] pxy)
    {
        var py = new double[pxy.GetLength(1)];
        for (int i = 0; i < pxy.GetLength(0); i++) for (int k = 0; k < pxy.GetLength(1); k++) py[k] += pxy[i, k];
        return Entropy(RowSums(pxy)) + Entropy(py) - Entropy(Flat(pxy));
    }

    /// <summary>I(Y;X1), I(Y;X2), I(Y;X1,X2) and H(Y).</summary>
    public static (double I1, double I2, double I12, double HY) Terms(JointDistribution j)
    {
        var pairY = new double[j.N1 * j.N2, j.NY];
        for (int a = 0; a < j.N1; a++) for (int b = 0; b < j.N2; b++) for (int y = 0; y < j.NY; y++) pairY[a * j.N2 + b, y] = j[a, b, y];
        return (MutualInformation(PX1Y(j)), MutualInformation(PX2Y(j)), MutualInformation(pairY), Entropy(PY(j)));
    }

    /// <summary>Williams–Beer specific information I(Y=y; X) = Σ_x p(x|y) [log2 1/p(y) − log2 1/p(y|x)].</summary>
    public static double SpecificInformation(double[,] pxy, int y)
    {
        int nx = pxy.GetLength(0);
        double py = 0;
        for (int x = 0; x < nx; x++) py += pxy[x, y];
        double sum = 0;
        for (int x = 0; x < nx; x++)
        {
            if (!(pxy[x, y] > 0)) continue;
            double px = 0;
            for (int k = 0; k < pxy.GetLength(1); k++) px += pxy[x, k];
            double xGivenY = pxy[x, y] / py, yGivenX = pxy[x, y] / px;
            sum += xGivenY * (Log2(1 / py) - Log2(1 / yGivenX));
        }
        return sum;
    }

    /// <summary>I_min(Y; X1, X2) = Σ_y p(y) min_i I(Y=y; X_i).</summary>
    public static double IMin(JointDistribution j)
    {
        var p1 = PX1Y(j);
        var p2 = PX2Y(j);
        var py = PY(j);
        double r = 0;
        for (int y = 0; y < j.NY; y++)
            if (py[y] > 0) r += py[y] * Math.Min(SpecificInformation(p1, y), SpecificInformation(p2, y));
        return r;
    }

    /// <summary>I(Y; X1, X2) under Q0 = p(x1,y) p(x2,y) / p(y), the conditionally independent member of Δ_P.</summary>
    public static double ConditionallyIndependentInformation(JointDistribution j)
    {
        var p1 = PX1Y(j);
        var p2 = PX2Y(j);
        var py = PY(j);
        var q = new double[j.N1 * j.N2, j.NY];
        for (int a = 0; a < j.N1; a++) for (int b = 0; b < j.N2; b++) for (int y = 0; y < j.NY; y++)
            q[a * j.N2 + b, y] = py[y] > 0 ? p1[a, y] * p2[b, y] / py[y] : 0;
        return MutualInformation(q);
    }

    /// <summary>A Dirichlet(1) joint (uniform on the simplex); each cell is zeroed with probability <paramref name="zeroFraction"/>.</summary>
    public static JointDistribution Dirichlet(Random rng, int n1, int n2, int ny, double zeroFraction = 0)
    {
        var w = new double[n1 * n2 * ny];
        for (int i = 0; i < w.Length; i++)
            w[i] = rng.NextDouble() < zeroFraction ? 0 : -Math.Log(1 - rng.NextDouble());
        if (w.All(v => v == 0)) w[rng.Next(w.Length)] = 1;
        return new JointDistribution(n1, n2, ny, w, $"Dirichlet {n1}x{n2}x{ny}");
    }

    /// <summary>|got − want| ≤ tol · max(1, |want|).</summary>
    public static bool Close(double got, double want, double tol) => Math.Abs(got - want) <= tol * Math.Max(1, Math.Abs(want));
}
