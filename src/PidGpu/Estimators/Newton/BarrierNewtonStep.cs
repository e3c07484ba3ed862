namespace PidGpu.Estimators.Newton;

/// <summary>
/// The Newton direction of the dual log-barrier F_t(λ,μ) = −t (Σ λ p1 + Σ μ p2) − Σ_c log(−g_c).
/// Per cell, with w = 1/(−g_c) and v = w² − w, the Hessian is w·diag(π) + v·ππᵀ on each of the blocks
/// (λ(x1,·), λ(x1,·)), (λ(x1,·), μ(x2,·)) and (μ(x2,·), μ(x2,·)). So the λ–λ part is block diagonal (one ny×ny block per
/// x1): it is inverted block by block and eliminated, leaving the Schur complement on μ (N2·NY unknowns), which is
/// assembled in O(N1·N2²·NY²) from the diagonal-plus-rank-one form of each coupling block and factorised densely.
/// One μ(x2,y) per y is held fixed: adding a constant to λ(·,y) and subtracting it from μ(·,y) changes nothing.
/// </summary>
internal sealed class BarrierNewtonStep
{
    readonly BrojaMarginals m;
    readonly int n1, n2, ny, schur;
    readonly int[] cellAt;             // x1 * N2 + x2 → cell index, or −1
    readonly bool[] fixedMu;
    readonly double[] w, v, factors, scales, yt, h, gradL, gradM, s;

    public readonly double[] DLambda, DMu;

    readonly bool parallel;
    volatile bool singular;

    /// <param name="parallel">Spread each step over the cores (one large problem); false when problems run side by side.</param>
    public BarrierNewtonStep(BrojaMarginals marginals, bool parallel)
    {
        m = marginals;
        this.parallel = parallel;
        n1 = m.N1; n2 = m.N2; ny = m.NY;
        schur = n2 * ny;
        cellAt = new int[n1 * n2];
        Array.Fill(cellAt, -1);
        for (int k = 0; k < m.Cells.Length; k++) cellAt[m.Cells[k]] = k;
        fixedMu = new bool[schur];
        for (int y = 0; y < ny; y++)
        {
            bool gauge = false;
            for (int x2 = 0; x2 < n2; x2++)
            {
                bool zero = !(m.P2[x2 * ny + y] > 0);
                fixedMu[x2 * ny + y] = zero || !gauge;
                if (!zero) gauge = true;
            }
        }
        int cells = m.Cells.Length;
        w = new double[cells]; v = new double[cells];
        factors = new double[n1 * ny * ny];
        scales = new double[n1 * ny];
        yt = new double[(long)schur * n1 * ny > int.MaxValue ? throw new PidInputException(
            $"BROJA problem {n1}x{n2}x{ny} is too large for the Newton solver") : schur * n1 * ny];
        h = new double[n1 * ny];
        gradL = new double[n1 * ny]; gradM = new double[schur];
        s = new double[(long)schur * schur > int.MaxValue ? throw new PidInputException(
            $"BROJA problem {n1}x{n2}x{ny} is too large for the Newton solver") : schur * schur];
        DLambda = new double[n1 * ny]; DMu = new double[schur];
    }

    /// <summary>Computes the direction at <paramref name="z"/> for barrier weight t; returns the squared Newton
    /// decrement −∇F·Δ, or NaN when the Hessian is numerically singular.</summary>
    public double Compute(DualBarrierState z, double t)
    {
        Gradient(z, t);
        singular = false;
        Loop.For(parallel, 0, n1, x1 => EliminateLambdaBlock(z, x1));
        if (singular) return double.NaN;
        Loop.For(parallel, 0, n2, x2 => SchurDiagonal(z, x2));
        SchurUpdate();
        FixGauge();
        var rhs = Rhs(z);
        var scale = DenseCholesky.FactorScaled(s, schur, parallel);
        if (scale is null) return double.NaN;
        DenseCholesky.SolveScaled(s, scale, schur, rhs);
        rhs.CopyTo(DMu, 0);
        BackSubstitute(z);
        double dec = 0;
        for (int i = 0; i < DLambda.Length; i++) dec -= gradL[i] * DLambda[i];
        for (int i = 0; i < DMu.Length; i++) dec -= gradM[i] * DMu[i];
        return dec;
    }

    /// <summary>Directional change of the barrier's linear part along Δ: −t (p1·Δλ + p2·Δμ).</summary>
    public double LinearSlope(double t)
    {
        double d = 0;
        for (int i = 0; i < DLambda.Length; i++) if (m.P1[i] > 0) d += m.P1[i] * DLambda[i];
        for (int i = 0; i < DMu.Length; i++) if (m.P2[i] > 0) d += m.P2[i] * DMu[i];
        return -t * d;
    }

    void Gradient(DualBarrierState z, double t)
    {
        for (int i = 0; i < gradL.Length; i++) gradL[i] = -t * m.P1[i];
        for (int i = 0; i < gradM.Length; i++) gradM[i] = -t * m.P2[i];
        for (int k = 0; k < m.Cells.Length; k++)
        {
            int x1 = m.Cells[k] / n2, x2 = m.Cells[k] % n2;
            w[k] = 1 / -z.G[k];
            v[k] = w[k] * w[k] - w[k];
            for (int y = 0; y < ny; y++)
            {
                double a = w[k] * z.Pi[k * ny + y];
                gradL[x1 * ny + y] += a;
                gradM[x2 * ny + y] += a;
            }
        }
        for (int i = 0; i < gradM.Length; i++) if (fixedMu[i]) gradM[i] = 0;
        for (int i = 0; i < gradL.Length; i++) if (!(m.P1[i] > 0)) gradL[i] = 0;
    }

    /// <summary>
    /// Factorises the λ(x1,·) block A (scaled Cholesky, A = D½ L Lᵀ D½) and writes Y = L⁻¹ D^(−½) C(x1,·) transposed into
    /// rows (x2,y) × columns (x1,r) of <see cref="yt"/>, so that Cᵀ A⁻¹ C = Σ_x1 Yᵀ Y. Going through the factor rather
    /// than an explicit inverse keeps the elimination backward stable when A's condition number reaches 1e20, as it
    /// does near the optimum (the ππᵀ terms grow like t², the diagonal like t).
    /// </summary>
    void EliminateLambdaBlock(DualBarrierState z, int x1)
    {
        var a = factors.AsSpan(x1 * ny * ny, ny * ny);
        a.Clear();
        for (int x2 = 0; x2 < n2; x2++)
        {
            int k = cellAt[x1 * n2 + x2];
            if (k >= 0) AddCellBlock(a, z.Pi.AsSpan(k * ny, ny), w[k], v[k]);
        }
        for (int y = 0; y < ny; y++) if (!(m.P1[x1 * ny + y] > 0)) a[y * ny + y] = 1;
        var block = a.ToArray();
        var scale = DenseCholesky.FactorScaled(block, ny, parallel: false);
        if (scale is null) { singular = true; return; }
        block.CopyTo(a);
        scale.CopyTo(scales, x1 * ny);
        var col = new double[ny];
        for (int x2 = 0; x2 < n2; x2++)
        {
            int k = cellAt[x1 * n2 + x2];
            for (int yb = 0; yb < ny; yb++)
            {
                var dst = yt.AsSpan(((x2 * ny + yb) * n1 + x1) * ny, ny);
                if (k < 0) { dst.Clear(); continue; }
                // Column yb of C = w·diag(π) + v·ππᵀ, scaled by D^(−½), then forward-substituted through L.
                var pi = z.Pi.AsSpan(k * ny, ny);
                for (int y = 0; y < ny; y++) col[y] = ((y == yb ? w[k] * pi[y] : 0) + v[k] * pi[y] * pi[yb]) * scale[y];
                DenseCholesky.Forward(block, ny, col);
                col.CopyTo(dst);
            }
        }
        var hx = h.AsSpan(x1 * ny, ny);
        gradL.AsSpan(x1 * ny, ny).CopyTo(hx);
        DenseCholesky.SolveScaled(block, scale, ny, hx);
    }

    /// <summary>Diagonal blocks B(x2,x2) = Σ_x1 w·diag(π) + v·ππᵀ of the μ–μ Hessian, written over block row x2 of S
    /// (the rest of the row's lower part is cleared).</summary>
    void SchurDiagonal(DualBarrierState z, int x2)
    {
        for (int y = 0; y < ny; y++) Array.Clear(s, (x2 * ny + y) * schur, (x2 + 1) * ny);
        var diag = new double[ny * ny];
        for (int x1 = 0; x1 < n1; x1++)
        {
            int k = cellAt[x1 * n2 + x2];
            if (k >= 0) AddCellBlock(diag, z.Pi.AsSpan(k * ny, ny), w[k], v[k]);
        }
        for (int y = 0; y < ny; y++)
            for (int yb = 0; yb < ny; yb++) s[(x2 * ny + y) * schur + x2 * ny + yb] = diag[y * ny + yb];
    }

    /// <summary>S −= Yᵀ Y over the lower triangle: dot products of rows of <see cref="yt"/> (length N1·NY).</summary>
    void SchurUpdate()
    {
        int len = n1 * ny;
        Loop.For(parallel, 0, schur, i =>
        {
            var ri = yt.AsSpan(i * len, len);
            int j = 0;
            for (; j + 3 <= i; j += 4)
            {
                DenseCholesky.Dot4(ri, yt.AsSpan(j * len, len), yt.AsSpan((j + 1) * len, len), yt.AsSpan((j + 2) * len, len),
                    yt.AsSpan((j + 3) * len, len), out double d0, out double d1, out double d2, out double d3);
                s[i * schur + j] -= d0; s[i * schur + j + 1] -= d1; s[i * schur + j + 2] -= d2; s[i * schur + j + 3] -= d3;
            }
            for (; j <= i; j++) s[i * schur + j] -= DenseCholesky.Dot(ri, yt.AsSpan(j * len, len));
        });
    }

    void FixGauge()
    {
        for (int i = 0; i < schur; i++)
        {
            if (!fixedMu[i]) continue;
            Array.Clear(s, i * schur, i);
            for (int r = i + 1; r < schur; r++) s[r * schur + i] = 0;
            s[i * schur + i] = 1;
        }
    }

    /// <summary>−∇_μ F + Cᵀ A⁻¹ ∇_λ F.</summary>
    double[] Rhs(DualBarrierState z)
    {
        var r = new double[schur];
        for (int i = 0; i < schur; i++) r[i] = -gradM[i];
        for (int k = 0; k < m.Cells.Length; k++)
        {
            int x1 = m.Cells[k] / n2, x2 = m.Cells[k] % n2;
            var pi = z.Pi.AsSpan(k * ny, ny);
            var hx = h.AsSpan(x1 * ny, ny);
            double ph = 0;
            for (int y = 0; y < ny; y++) ph += pi[y] * hx[y];
            for (int y = 0; y < ny; y++) r[x2 * ny + y] += w[k] * pi[y] * hx[y] + v[k] * pi[y] * ph;
        }
        for (int i = 0; i < schur; i++) if (fixedMu[i]) r[i] = 0;
        return r;
    }

    /// <summary>Δλ(x1,·) = A⁻¹ (−∇_λ F − Σ_x2 C Δμ(x2,·)).</summary>
    void BackSubstitute(DualBarrierState z)
    {
        var rhs = new double[n1 * ny];
        for (int i = 0; i < rhs.Length; i++) rhs[i] = -gradL[i];
        for (int k = 0; k < m.Cells.Length; k++)
        {
            int x1 = m.Cells[k] / n2, x2 = m.Cells[k] % n2;
            var pi = z.Pi.AsSpan(k * ny, ny);
            double pd = 0;
            for (int y = 0; y < ny; y++) pd += pi[y] * DMu[x2 * ny + y];
            for (int y = 0; y < ny; y++) rhs[x1 * ny + y] -= w[k] * pi[y] * DMu[x2 * ny + y] + v[k] * pi[y] * pd;
        }
        rhs.CopyTo(DLambda, 0);
        for (int x1 = 0; x1 < n1; x1++)
            DenseCholesky.SolveScaled(factors.AsSpan(x1 * ny * ny, ny * ny), scales.AsSpan(x1 * ny, ny), ny, DLambda.AsSpan(x1 * ny, ny));
    }

    static void AddCellBlock(Span<double> a, ReadOnlySpan<double> pi, double w, double v)
    {
        int ny = pi.Length;
        for (int y = 0; y < ny; y++)
        {
            if (pi[y] == 0) continue;
            a[y * ny + y] += w * pi[y];
            for (int yb = 0; yb < ny; yb++) a[y * ny + yb] += v * pi[y] * pi[yb];
        }
    }
}
