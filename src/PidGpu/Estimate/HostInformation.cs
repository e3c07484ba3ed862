using PidGpu.Kernels;

namespace PidGpu.Estimate;

/// <summary>
/// The plug-in information terms and Williams–Beer I_min of one joint, computed on the host: what the device kernels
/// <see cref="InformationTermsKernel"/> and <see cref="IMinRedundancy"/> compute, for runs that need no accelerator (a
/// single small table, where starting ILGPU would cost more than the sums).
/// </summary>
internal static class HostInformation
{
    const double Log2E = Kernels.InformationTermsKernel.Log2E;

    public static InformationTerms Terms(JointDistribution j, double[] p1, double[] p2, double[] py)
    {
        int n1 = j.N1, n2 = j.N2, ny = j.NY;
        var t = new InformationTerms();
        foreach (double v in py) if (v > 0) t.EntropyY -= v * Math.Log(v) * Log2E;
        t.I1 = SourceInformation(p1, n1, ny, py);
        t.I2 = SourceInformation(p2, n2, ny, py);
        for (int c = 0; c < n1 * n2; c++)
        {
            double pc = 0;
            for (int y = 0; y < ny; y++) pc += j.P[c * ny + y];
            for (int y = 0; y < ny; y++) t.I12 += Term(j.P[c * ny + y], pc, py[y]);
        }
        return t;
    }

    /// <summary>I_min = Σ_y p(y) min_i I(Y=y; X_i), with the specific information I(Y=y; X) = Σ_x p(x|y) log2(p(y|x)/p(y)).</summary>
    public static double IMinBits(int n1, int n2, int ny, double[] p1, double[] p2, double[] py)
    {
        double r = 0;
        for (int y = 0; y < ny; y++)
            if (py[y] > 0) r += py[y] * Math.Min(Specific(p1, n1, ny, y, py[y]), Specific(p2, n2, ny, y, py[y]));
        return r;
    }

    /// <summary>Marginals p(x1,y), p(x2,y), p(y) of a joint.</summary>
    public static (double[] P1, double[] P2, double[] PY) Marginals(JointDistribution j)
    {
        var p1 = new double[j.N1 * j.NY];
        var p2 = new double[j.N2 * j.NY];
        var py = new double[j.NY];
        for (int x1 = 0; x1 < j.N1; x1++)
            for (int x2 = 0; x2 < j.N2; x2++)
                for (int y = 0; y < j.NY; y++)
                {
                    double v = j[x1, x2, y];
                    p1[x1 * j.NY + y] += v;
                    p2[x2 * j.NY + y] += v;
                    py[y] += v;
                }
        return (p1, p2, py);
    }

    static double SourceInformation(double[] pxy, int nx, int ny, double[] py)
    {
        double sum = 0;
        for (int x = 0; x < nx; x++)
        {
            double px = 0;
            for (int y = 0; y < ny; y++) px += pxy[x * ny + y];
            for (int y = 0; y < ny; y++) sum += Term(pxy[x * ny + y], px, py[y]);
        }
        return sum;
    }

    static double Specific(double[] pxy, int nx, int ny, int y, double pyv)
    {
        double sum = 0;
        for (int x = 0; x < nx; x++)
        {
            double joint = pxy[x * ny + y];
            if (joint <= 0) continue;
            double px = 0;
            for (int k = 0; k < ny; k++) px += pxy[x * ny + k];
            sum += joint / pyv * Math.Log(joint / (px * pyv)) * Log2E;
        }
        return sum;
    }

    static double Term(double x, double a, double b) => x > 0 ? x * Math.Log(x / (a * b)) * Log2E : 0;
}
