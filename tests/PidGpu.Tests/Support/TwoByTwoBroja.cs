using PidGpu.Estimate;

namespace PidGpu.Tests.Support;

/// <summary>
/// Independent BROJA reference for binary X1, X2 (2x2xny): each y-slice of Δ_P is a 2×2 transportation polytope
/// with one free entry t_y = q(0,0,y) ∈ [max(0, r0+c0−p(y)), min(r0, c0)] (r0 = p(x1=0,y), c0 = p(x2=0,y)).
/// m = min I_Q(Y; X1,X2) (bits) is convex in (t_y); nested golden-section search with both endpoints (the partial
/// minimum of a jointly convex function is convex) finds it to ~1e-12. Shares nothing with the device solver.
/// </summary>
public sealed class TwoByTwoBroja
{
    readonly int ny;
    readonly double[] r0, r1, c0, py, lo, hi;

    public TwoByTwoBroja(JointDistribution j)
    {
        if (j.N1 != 2 || j.N2 != 2) throw new ArgumentException("binary X1, X2 only");
        ny = j.NY;
        var p1 = HostPid.PX1Y(j);
        var p2 = HostPid.PX2Y(j);
        py = HostPid.PY(j);
        r0 = new double[ny]; r1 = new double[ny]; c0 = new double[ny]; lo = new double[ny]; hi = new double[ny];
        for (int y = 0; y < ny; y++)
        {
            r0[y] = p1[0, y]; r1[y] = p1[1, y]; c0[y] = p2[0, y];
            lo[y] = Math.Max(0, r0[y] + c0[y] - py[y]);
            hi[y] = Math.Min(r0[y], c0[y]);
            if (hi[y] < lo[y]) hi[y] = lo[y]; // rounding in an empty-interior slice
        }
    }

    /// <summary>The four cells of slice y for q(0,0,y) = t: q00, q01, q10, q11 (rounding clamped at 0).</summary>
    void Slice(int y, double t, Span<double> q)
    {
        q[0] = t;
        q[1] = Math.Max(0, r0[y] - t);
        q[2] = Math.Max(0, c0[y] - t);
        q[3] = Math.Max(0, r1[y] - (c0[y] - t));
    }

    public double Objective(double[] t)
    {
        Span<double> cells = stackalloc double[4 * ny];
        Span<double> pair = stackalloc double[4];
        pair.Clear();
        for (int y = 0; y < ny; y++)
        {
            Slice(y, t[y], cells.Slice(4 * y, 4));
            for (int c = 0; c < 4; c++) pair[c] += cells[4 * y + c];
        }
        double sum = 0;
        for (int y = 0; y < ny; y++)
            for (int c = 0; c < 4; c++)
            {
                double q = cells[4 * y + c];
                if (q > 0) sum += q * Math.Log(q / (pair[c] * py[y]));
            }
        return sum / Math.Log(2);
    }

    public double Minimum()
    {
        var t = new double[ny];
        return Nested(0, t);
    }

    /// <summary>min over t[level..] with t[..level] fixed: golden section plus both endpoints.</summary>
    double Nested(int level, double[] t)
    {
        if (level == ny) return Objective(t);
        double Eval(double v) { t[level] = v; return Nested(level + 1, t); }
        double a = lo[level], b = hi[level];
        double best = Math.Min(Eval(a), Eval(b));
        if (b - a <= 0) return best;
        double g = (Math.Sqrt(5) - 1) / 2;
        double x1 = b - g * (b - a), x2 = a + g * (b - a);
        double f1 = Eval(x1), f2 = Eval(x2);
        for (int i = 0; i < 60 && b - a > 1e-13; i++)
        {
            if (f1 <= f2) { b = x2; x2 = x1; f2 = f1; x1 = b - g * (b - a); f1 = Eval(x1); }
            else { a = x1; x1 = x2; f1 = f2; x2 = a + g * (b - a); f2 = Eval(x2); }
        }
        return Math.Min(best, Math.Min(f1, f2));
    }
}
