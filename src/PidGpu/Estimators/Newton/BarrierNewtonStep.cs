namespace PidGpu.Estimators.Newton;

/// <summary>
/// The Newton direction of the dual log-barrier F_t(λ,μ) = −t (Σ λ p1 + Σ μ p2) − Σ_c log(−g_c).
/// Per cell, with w = 1/(−g_c) and v = w² − w, the Hessian is w·diag(π) + v·ππᵀ on each of the blocks
/// (λ(x1,·), λ(x1,·)), (λ(x1,·), μ(x2,·)) and (μ(x2,·), μ(x2,·)). So the λ–λ part is block diagonal (one block per x1):
/// it is factorised block by block and eliminated, leaving a dense Schur complement on μ, which is factorised.
///
/// Only free multipliers take part: λ(x1,y) and μ(x2,y) exist where p(x1,y) resp. p(x2,y) is positive, and one μ(x2,y)
/// per y is held fixed (adding a constant to λ(·,y) and subtracting it from μ(·,y) changes nothing). A sparse table
/// therefore costs what its support costs, not what its alphabets would.
/// </summary>
internal sealed class BarrierNewtonStep
{
    readonly BrojaMarginals m;
    readonly int n1, n2, ny, schur, lambdas;
    readonly int[] cellAt;             // x1 * N2 + x2 → cell index, or −1
    readonly int[][] support1;         // per x1: the y with p(x1,y) > 0, i.e. its free λ
    readonly int[] lambdaOffset;       // per x1: where its λ start in the packed λ order
    readonly int[] factorOffset;       // per x1: where its λ block's factor starts in factors
    readonly int[] muIndex;            // x2 * NY + y → packed index of a free μ, or −1
    readonly int[] muFirst;            // per x2: first packed index of its free μ (x2-major order)
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
        cellAt = new int[n1 * n2];
        Array.Fill(cellAt, -1);
        for (int k = 0; k < m.Cells.Length; k++) cellAt[m.Cells[k]] = k;

        support1 = new int[n1][];
        lambdaOffset = new int[n1 + 1];
        factorOffset = new int[n1 + 1];
        for (int x1 = 0; x1 < n1; x1++)
        {
            support1[x1] = Enumerable.Range(0, ny).Where(y => m.P1[x1 * ny + y] > 0).ToArray();
            int b = support1[x1].Length;
            lambdaOffset[x1 + 1] = lambdaOffset[x1] + b;
            factorOffset[x1 + 1] = factorOffset[x1] + (long)b * b > int.MaxValue ? throw TooLarge() : factorOffset[x1] + b * b;
        }
        lambdas = lambdaOffset[n1];

        muIndex = new int[n2 * ny];
        muFirst = new int[n2 + 1];
        var gauged = new bool[ny];
        int free = 0;
        for (int x2 = 0; x2 < n2; x2++)
        {
            muFirst[x2] = free;
            for (int y = 0; y < ny; y++)
            {
                muIndex[x2 * ny + y] = -1;
                if (!(m.P2[x2 * ny + y] > 0)) continue;
                if (!gauged[y]) { gauged[y] = true; continue; }
                muIndex[x2 * ny + y] = free++;
            }
        }
        muFirst[n2] = free;
        schur = free;

        int cells = m.Cells.Length;
        w = new double[cells]; v = new double[cells];
        factors = new double[factorOffset[n1]];
        scales = new double[lambdas];
        yt = new double[(long)schur * lambdas > int.MaxValue ? throw TooLarge() : schur * lambdas];
        s = new double[(long)schur * schur > int.MaxValue ? throw TooLarge() : schur * schur];
        h = new double[n1 * ny];
        gradL = new double[n1 * ny]; gradM = new double[n2 * ny];
        DLambda = new double[n1 * ny]; DMu = new double[n2 * ny];
    }

    PidInputException TooLarge() => new($"BROJA problem {n1}x{n2}x{ny} is too large for the Newton solver.");

    /// <summary>Computes the direction at <paramref name="z"/> for barrier weight t; returns the squared Newton
    /// decrement −∇F·Δ, or NaN when the Hessian is numerically singular.</summary>
    public double Compute(DualBarrierState z, double t)
    {
        Gradient(z, t);
        singular = false;
        Array.Clear(yt);
        Loop.For(parallel, 0, n1, x1 => EliminateLambdaBlock(z, x1));
        if (singular) return double.NaN;
        Loop.For(parallel, 0, n2, x2 => SchurDiagonal(z, x2));
        SchurUpdate();
        var rhs = Rhs(z);
        if (schur > 0)
        {
            var scale = DenseCholesky.FactorScaled(s, schur, parallel);
            if (scale is null) return double.NaN;
            DenseCholesky.SolveScaled(s, scale, schur, rhs);
        }
        Array.Clear(DMu);
        for (int i = 0; i < muIndex.Length; i++) if (muIndex[i] >= 0) DMu[i] = rhs[muIndex[i]];
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
        for (int i = 0; i < gradM.Length; i++) if (muIndex[i] < 0) gradM[i] = 0;
        for (int i = 0; i < gradL.Length; i++) if (!(m.P1[i] > 0)) gradL[i] = 0;
    }

    /// <summary>
    /// Factorises the λ(x1,·) block A (scaled Cholesky, A = D½ L Lᵀ D½) and writes Y = L⁻¹ D^(−½) C(x1,·) transposed into
    /// rows (free μ) × columns (this x1's λ) of <see cref="yt"/>, so that Cᵀ A⁻¹ C = Yᵀ Y summed over x1. Going through the
    /// factor rather than an explicit inverse keeps the elimination backward stable when A's condition number reaches
    /// 1e20, as it does near the optimum (the ππᵀ terms grow like t², the diagonal like t).
    /// </summary>
    void EliminateLambdaBlock(DualBarrierState z, int x1)
    {
        var ys = support1[x1];
        int b = ys.Length;
        if (b == 0) return;
        var block = new double[b * b];
        for (int x2 = 0; x2 < n2; x2++)
        {
            int k = cellAt[x1 * n2 + x2];
            if (k < 0) continue;
            var pi = z.Pi.AsSpan(k * ny, ny);
            for (int i = 0; i < b; i++)
            {
                double pii = pi[ys[i]];
                if (pii == 0) continue;
                block[i * b + i] += w[k] * pii;
                for (int j = 0; j < b; j++) block[i * b + j] += v[k] * pii * pi[ys[j]];
            }
        }
        var scale = DenseCholesky.FactorScaled(block, b, parallel: false);
        if (scale is null) { singular = true; return; }
        block.CopyTo(factors, factorOffset[x1]);
        scale.CopyTo(scales, lambdaOffset[x1]);
        var col = new double[b];
        for (int x2 = 0; x2 < n2; x2++)
        {
            int k = cellAt[x1 * n2 + x2];
            if (k < 0) continue;
            var pi = z.Pi.AsSpan(k * ny, ny);
            for (int yb = 0; yb < ny; yb++)
            {
                int row = muIndex[x2 * ny + yb];
                if (row < 0 || pi[yb] == 0) continue;   // a zero column of C: Y's row stays cleared
                // Column yb of C = w·diag(π) + v·ππᵀ on this x1's λ, scaled by D^(−½), then forward-substituted through L.
                for (int i = 0; i < b; i++) col[i] = ((ys[i] == yb ? w[k] * pi[ys[i]] : 0) + v[k] * pi[ys[i]] * pi[yb]) * scale[i];
                DenseCholesky.Forward(block, b, col);
                col.CopyTo(yt, row * lambdas + lambdaOffset[x1]);
            }
        }
        var hx = new double[b];
        for (int i = 0; i < b; i++) hx[i] = gradL[x1 * ny + ys[i]];
        DenseCholesky.SolveScaled(block, scale, b, hx);
        for (int i = 0; i < b; i++) h[x1 * ny + ys[i]] = hx[i];
    }

    /// <summary>The μ(x2,·)–μ(x2,·) Hessian block Σ_x1 w·diag(π) + v·ππᵀ over x2's free μ, written over their rows of S
    /// (the rest of each row's lower part is cleared for <see cref="SchurUpdate"/>).</summary>
    void SchurDiagonal(DualBarrierState z, int x2)
    {
        for (int r = muFirst[x2]; r < muFirst[x2 + 1]; r++) Array.Clear(s, r * schur, r + 1);
        for (int x1 = 0; x1 < n1; x1++)
        {
            int k = cellAt[x1 * n2 + x2];
            if (k < 0) continue;
            var pi = z.Pi.AsSpan(k * ny, ny);
            for (int y = 0; y < ny; y++)
            {
                int r = muIndex[x2 * ny + y];
                if (r < 0 || pi[y] == 0) continue;
                s[r * schur + r] += w[k] * pi[y];
                for (int yb = 0; yb < ny; yb++)
                {
                    int c = muIndex[x2 * ny + yb];
                    if (c >= 0 && c <= r) s[r * schur + c] += v[k] * pi[y] * pi[yb];
                }
            }
        }
    }

    /// <summary>S −= Yᵀ Y over the lower triangle: dot products of rows of <see cref="yt"/> (one per free μ).</summary>
    void SchurUpdate()
    {
        int len = lambdas;
        if (schur == 0 || len == 0) return;
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

    /// <summary>−∇_μ F + Cᵀ A⁻¹ ∇_λ F on the free μ.</summary>
    double[] Rhs(DualBarrierState z)
    {
        var full = new double[n2 * ny];
        for (int i = 0; i < full.Length; i++) full[i] = -gradM[i];
        for (int k = 0; k < m.Cells.Length; k++)
        {
            int x1 = m.Cells[k] / n2, x2 = m.Cells[k] % n2;
            var pi = z.Pi.AsSpan(k * ny, ny);
            var hx = h.AsSpan(x1 * ny, ny);
            double ph = 0;
            for (int y = 0; y < ny; y++) ph += pi[y] * hx[y];
            for (int y = 0; y < ny; y++) full[x2 * ny + y] += w[k] * pi[y] * hx[y] + v[k] * pi[y] * ph;
        }
        var r = new double[schur];
        for (int i = 0; i < full.Length; i++) if (muIndex[i] >= 0) r[muIndex[i]] = full[i];
        return r;
    }

    /// <summary>Δλ(x1,·) = A⁻¹ (−∇_λ F − Σ_x2 C Δμ(x2,·)) on each x1's free λ.</summary>
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
        Array.Clear(DLambda);
        for (int x1 = 0; x1 < n1; x1++)
        {
            var ys = support1[x1];
            int b = ys.Length;
            if (b == 0) continue;
            var x = new double[b];
            for (int i = 0; i < b; i++) x[i] = rhs[x1 * ny + ys[i]];
            DenseCholesky.SolveScaled(factors.AsSpan(factorOffset[x1], b * b), scales.AsSpan(lambdaOffset[x1], b), b, x);
            for (int i = 0; i < b; i++) DLambda[x1 * ny + ys[i]] = x[i];
        }
    }
}
