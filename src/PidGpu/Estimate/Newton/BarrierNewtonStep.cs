using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// The Newton systems of the BROJA dual's interior-point method (<see cref="InteriorPointState"/>): Hessians
/// H = Σ_c w_c diag(π_c) + v_c π_c π_cᵀ over (λ(x1,·), μ(x2,·)) of each cell c = (x1,x2) (for the log barrier
/// −Σ log(−g_c) scaled by μ, w = μ/(−g) and v = w/(−g) − w; for the primal–dual step w = z and v = z/(−g) − z).
/// Per cell the Hessian is w·diag(π) + v·ππᵀ on each of the blocks
/// (λ(x1,·), λ(x1,·)), (λ(x1,·), μ(x2,·)) and (μ(x2,·), μ(x2,·)). So the λ–λ part is block diagonal (one block A per x1):
/// it is factorised block by block and eliminated, leaving a dense Schur complement S on μ, which is factorised.
///
/// The elimination uses the structure of the coupling blocks C: column (x2,y) of C on x1's λ is π(y)(w e_y + v π), so
/// entry ((x2,y),(x2',y')) of Cᵀ A⁻¹ C is π(y) π'(y') [w w' A⁻¹(y,y') + w v' (A⁻¹π')(y) + v w' (A⁻¹π)(y') + v v' πᵀA⁻¹π'].
/// With A⁻¹, A⁻¹π and πᵀA⁻¹π' per x1 (O(n³) each) every entry of S costs two fused multiply-adds per x1, O(n1 (n2 ny)²)
/// for S instead of the O(n1 (n2 ny)² ny) of forming Cᵀ A⁻¹ C as a Gram matrix.
///
/// Only free multipliers take part: λ(x1,y) and μ(x2,y) exist where p(x1,y) resp. p(x2,y) is positive, and one μ(x2,y)
/// per y is held fixed (adding a constant to λ(·,y) and subtracting it from μ(·,y) changes nothing). A sparse table
/// therefore costs what its support costs, not what its alphabets would. All buffers are allocated once per problem.
/// </summary>
internal sealed class BarrierNewtonStep
{
    readonly BrojaMarginals m;
    readonly int n1, n2, ny, schur;
    readonly int[] cellAt;             // x1 * N2 + x2 → cell index, or −1
    readonly int[][] support1;         // per x1: the y with p(x1,y) > 0, i.e. its free λ
    readonly int[] lambdaOffset;       // per x1: where its λ start in the packed λ order
    readonly int[] factorOffset;       // per x1: where its λ block's factor starts in factors
    readonly int[] muIndex;            // x2 * NY + y → packed index of a free μ, or −1
    readonly int[] muFirst;            // per x2: first packed index of its free μ (x2-major order)
    readonly int[][] freeY;            // per x2: the y of its free μ, in packed order
    readonly int[] rowX2, rowY;        // per free μ: its x2 and y
    readonly double[] w, v, factors, factorCopy, scales, h, gradL, gradM;
    readonly double[] aInverse;        // per x1: A⁻¹ on all y (ny × ny, zero off x1's support)
    readonly double[] aInversePi;      // per cell: A⁻¹ π on all y
    readonly double[] halfSolved;      // per cell: L⁻¹ D^(−½) π on x1's support
    readonly double[] piAInversePi;    // per x1: πᵀ A⁻¹ π' for the cells (x1,x2), (x1,x2') (n2 × n2)
    readonly double[] s, sScale, sCopy, pack, rhs, muRhs, lambdaRhs;

    public readonly double[] DLambda, DMu;

    readonly bool parallel, dense;
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

        muIndex = new int[n2 * ny];
        muFirst = new int[n2 + 1];
        freeY = new int[n2][];
        var gauged = new bool[ny];
        var rows = new List<(int X2, int Y)>();
        for (int x2 = 0; x2 < n2; x2++)
        {
            muFirst[x2] = rows.Count;
            var ys = new List<int>();
            for (int y = 0; y < ny; y++)
            {
                muIndex[x2 * ny + y] = -1;
                if (!(m.P2[x2 * ny + y] > 0)) continue;
                if (!gauged[y]) { gauged[y] = true; continue; }
                muIndex[x2 * ny + y] = rows.Count;
                rows.Add((x2, y));
                ys.Add(y);
            }
            freeY[x2] = ys.ToArray();
        }
        muFirst[n2] = rows.Count;
        schur = rows.Count;
        rowX2 = rows.Select(r => r.X2).ToArray();
        rowY = rows.Select(r => r.Y).ToArray();
        dense = m.Cells.Length == n1 * n2 && m.P1.All(p => p > 0) && m.P2.All(p => p > 0) && n2 > 0
            && Vector256.IsHardwareAccelerated;

        int cells = m.Cells.Length;
        w = new double[cells]; v = new double[cells];
        factors = new double[factorOffset[n1]];
        factorCopy = new double[factorOffset[n1]];
        scales = new double[lambdaOffset[n1]];
        aInverse = new double[Checked((long)n1 * ny * ny)];
        aInversePi = new double[Checked((long)cells * ny)];
        halfSolved = new double[Checked((long)cells * ny)];
        piAInversePi = new double[Checked((long)n1 * n2 * n2)];
        s = new double[Checked((long)schur * schur)];
        sCopy = new double[s.Length];
        sScale = new double[schur];
        pack = new double[DenseCholesky.PackLength(schur)];
        rhs = new double[schur];
        muRhs = new double[n2 * ny];
        lambdaRhs = new double[n1 * ny];
        h = new double[n1 * ny];
        gradL = new double[n1 * ny]; gradM = new double[n2 * ny];
        DLambda = new double[n1 * ny]; DMu = new double[n2 * ny];
    }

    int Checked(long length) => length > int.MaxValue ? throw TooLarge() : (int)length;

    PidInputException TooLarge() => new($"BROJA problem {n1}x{n2}x{ny} is too large for the Newton solver.");

    /// <summary>
    /// Forms and factorises the Hessian Σ_c W_c diag(π_c) + V_c π_c π_cᵀ at <paramref name="z"/> (the λ blocks, the
    /// Schur complement on μ); false when it is numerically singular. <see cref="Solve"/> then takes any right side.
    /// </summary>
    public bool Factor(DualBarrierState z, ReadOnlySpan<double> weight, ReadOnlySpan<double> rankOne)
    {
        weight.CopyTo(w);
        rankOne.CopyTo(v);
        singular = false;
        Loop.For(parallel, 0, n1, x1 => EliminateLambdaBlock(z, x1));
        if (singular) return false;
        Loop.For(parallel, 0, schur, r => SchurRow(z, r));
        return schur == 0 || DenseCholesky.FactorScaled(s, 0, schur, sScale, sCopy, pack, parallel);
    }

    /// <summary>Solves H (Δλ, Δμ) = (bλ, bμ) with the last <see cref="Factor"/> into <see cref="DLambda"/>, <see cref="DMu"/>
    /// (free multipliers only; the others stay 0).</summary>
    public void Solve(DualBarrierState z, ReadOnlySpan<double> bLambda, ReadOnlySpan<double> bMu)
    {
        for (int i = 0; i < gradL.Length; i++) gradL[i] = m.P1[i] > 0 ? -bLambda[i] : 0;
        for (int i = 0; i < gradM.Length; i++) gradM[i] = muIndex[i] >= 0 ? -bMu[i] : 0;
        SolveLambdaBlocks(gradL, h);
        Rhs(z);
        if (schur > 0) DenseCholesky.SolveScaled(s, sScale, schur, rhs);
        Array.Clear(DMu);
        for (int i = 0; i < muIndex.Length; i++) if (muIndex[i] >= 0) DMu[i] = rhs[muIndex[i]];
        BackSubstitute(z);
    }

    /// <summary>
    /// Factorises the λ(x1,·) block A (scaled Cholesky, A = D½ L Lᵀ D½; going through the factor keeps the solves
    /// backward stable when A's condition number reaches 1e20 near the optimum) and stores what the Schur complement
    /// needs from this x1: A⁻¹, A⁻¹π and πᵀA⁻¹π' for its cells (the last as dot products of L⁻¹ D^(−½) π).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void EliminateLambdaBlock(DualBarrierState z, int x1)
    {
        var ys = support1[x1];
        int b = ys.Length;
        if (b == 0) return;
        var block = factors.AsSpan(factorOffset[x1], b * b);
        block.Clear();
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
                double vp = v[k] * pii;
                var row = block.Slice(i * b, i + 1);
                for (int j = 0; j <= i; j++) row[j] += vp * pi[ys[j]];
            }
        }
        var scale = scales.AsSpan(lambdaOffset[x1], b);
        if (!DenseCholesky.FactorScaled(factors, factorOffset[x1], b, scale, factorCopy.AsSpan(factorOffset[x1], b * b), null, false))
        {
            singular = true;
            return;
        }
        ReadOnlySpan<double> l = block;
        Span<double> x = b <= 1024 ? stackalloc double[b] : new double[b];
        for (int x2 = 0; x2 < n2; x2++)
        {
            int k = cellAt[x1 * n2 + x2];
            if (k < 0) continue;
            var pi = z.Pi.AsSpan(k * ny, ny);
            var half = halfSolved.AsSpan(k * ny, b);
            for (int i = 0; i < b; i++) half[i] = scale[i] * pi[ys[i]];
            DenseCholesky.Forward(l, b, half);
            half.CopyTo(x);
            DenseCholesky.Backward(l, b, x);
            var full = aInversePi.AsSpan(k * ny, ny);
            full.Clear();
            for (int i = 0; i < b; i++) full[ys[i]] = scale[i] * x[i];
        }
        var pp = piAInversePi.AsSpan(x1 * n2 * n2, n2 * n2);
        for (int x2 = 0; x2 < n2; x2++)
        {
            int k = cellAt[x1 * n2 + x2];
            if (k < 0) continue;
            var hk = halfSolved.AsSpan(k * ny, b);
            for (int x2b = 0; x2b <= x2; x2b++)
            {
                int kb = cellAt[x1 * n2 + x2b];
                if (kb < 0) continue;
                pp[x2 * n2 + x2b] = pp[x2b * n2 + x2] = DenseCholesky.Dot(hk, halfSolved.AsSpan(kb * ny, b));
            }
        }
        var inverse = aInverse.AsSpan(x1 * ny * ny, ny * ny);
        inverse.Clear();
        for (int i = 0; i < b; i++)
        {
            x.Clear();
            x[i] = 1;
            DenseCholesky.SolveScaled(l, scale, b, x);
            for (int j = 0; j < b; j++) inverse[ys[j] * ny + ys[i]] = x[j];
        }
    }

    /// <summary>
    /// Row r = (x2,y) of S's lower triangle: the μ(x2,·)–μ(x2,·) Hessian block Σ_x1 w·diag(π) + v·ππᵀ minus
    /// Σ_x1 Cᵀ A⁻¹ C from the per-x1 quantities of <see cref="EliminateLambdaBlock"/>. Per x1 the row's part is
    /// π'(y') (w' V(y') + c(x2')) with V = π(y) (w A⁻¹(y,·) + v A⁻¹π): one vector V per x1, then two fused multiply-adds
    /// per entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void SchurRow(DualBarrierState z, int r)
    {
        int x2 = rowX2[r], y = rowY[r];
        var row = s.AsSpan(r * schur, r + 1);
        row.Clear();
        Span<double> vec = ny <= 1024 ? stackalloc double[ny] : new double[ny];
        Span<double> c = n2 <= 1024 ? stackalloc double[n2] : new double[n2];
        for (int x1 = 0; x1 < n1; x1++)
        {
            int k = cellAt[x1 * n2 + x2];
            if (k < 0) continue;
            double a = z.Pi[k * ny + y];
            if (a == 0) continue;
            double alpha = a * w[k], beta = a * v[k];
            SchurKernel.Combine(vec, aInverse.AsSpan((x1 * ny + y) * ny, ny), alpha, aInversePi.AsSpan(k * ny, ny), beta);
            row[r] += alpha;        // the Hessian's own w·diag(π) on the diagonal block
            var pp = piAInversePi.AsSpan((x1 * n2 + x2) * n2, n2);
            for (int x2b = 0; x2b <= x2; x2b++)
            {
                int kb = cellAt[x1 * n2 + x2b];
                if (kb >= 0) c[x2b] = v[kb] * (alpha * aInversePi[kb * ny + y] + beta * pp[x2b]);
            }
            c[x2] -= beta;          // and its v·ππᵀ
            if (dense) DenseBlocks(row, z, vec, c, x1, x2, y);
            else SparseBlocks(row, z, vec, c, x1, x2, r);
        }
    }

    /// <summary>
    /// The blocks x2' ≤ x2 of a row of a table without zeros: every cell exists (cell x1·N2 + x2), x2 = 0 holds the
    /// fixed μ, so block x2' starts at column (x2' − 1)·NY and row (x2, y) ends at column (x2 − 1)·NY + y.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    unsafe void DenseBlocks(Span<double> row, DualBarrierState z, Span<double> vec, Span<double> c, int x1, int x2, int y)
    {
        fixed (double* pr = row, pv = vec, pc = c, pPi = z.Pi, pw = w)
            SchurKernel.SubtractBlocks(pr, pPi + (long)(x1 * n2 + 1) * ny, pv, pw + x1 * n2 + 1, pc + 1, x2, ny, y + 1);
    }

    /// <summary>The blocks x2' ≤ x2 of row r in general: cells may be missing and free μ may skip y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void SparseBlocks(Span<double> row, DualBarrierState z, Span<double> vec, Span<double> c, int x1, int x2, int r)
    {
        for (int x2b = 0; x2b <= x2; x2b++)
        {
            int kb = cellAt[x1 * n2 + x2b];
            if (kb < 0) continue;
            int c0 = muFirst[x2b], count = x2b == x2 ? r - c0 + 1 : muFirst[x2b + 1] - c0;
            if (count <= 0) continue;
            var pi = z.Pi.AsSpan(kb * ny, ny);
            if (freeY[x2b].Length == ny)
                SchurKernel.Subtract(row.Slice(c0, count), pi[..count], vec[..count], w[kb], c[x2b]);
            else
            {
                var ys = freeY[x2b];
                for (int j = 0; j < count; j++) row[c0 + j] -= pi[ys[j]] * (w[kb] * vec[ys[j]] + c[x2b]);
            }
        }
    }

    /// <summary>−∇_μ F + Cᵀ A⁻¹ ∇_λ F on the free μ, into rhs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Rhs(DualBarrierState z)
    {
        var full = muRhs;
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
        for (int i = 0; i < full.Length; i++) if (muIndex[i] >= 0) rhs[muIndex[i]] = full[i];
    }

    /// <summary>Δλ(x1,·) = A⁻¹ (−∇_λ F − Σ_x2 C Δμ(x2,·)) on each x1's free λ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void BackSubstitute(DualBarrierState z)
    {
        var r = lambdaRhs;
        for (int i = 0; i < r.Length; i++) r[i] = -gradL[i];
        for (int k = 0; k < m.Cells.Length; k++)
        {
            int x1 = m.Cells[k] / n2, x2 = m.Cells[k] % n2;
            var pi = z.Pi.AsSpan(k * ny, ny);
            double pd = 0;
            for (int y = 0; y < ny; y++) pd += pi[y] * DMu[x2 * ny + y];
            for (int y = 0; y < ny; y++) r[x1 * ny + y] -= w[k] * pi[y] * DMu[x2 * ny + y] + v[k] * pi[y] * pd;
        }
        Array.Clear(DLambda);
        SolveLambdaBlocks(r, DLambda);
    }

    /// <summary>result = A⁻¹ source, block by block on each x1's free λ (full n1 × ny layout, the rest untouched).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void SolveLambdaBlocks(double[] source, double[] result)
    {
        Span<double> x = ny <= 1024 ? stackalloc double[ny] : new double[ny];
        for (int x1 = 0; x1 < n1; x1++)
        {
            var ys = support1[x1];
            int b = ys.Length;
            if (b == 0) continue;
            for (int i = 0; i < b; i++) x[i] = source[x1 * ny + ys[i]];
            DenseCholesky.SolveScaled(factors.AsSpan(factorOffset[x1], b * b), scales.AsSpan(lambdaOffset[x1], b), b, x[..b]);
            for (int i = 0; i < b; i++) result[x1 * ny + ys[i]] = x[i];
        }
    }
}
