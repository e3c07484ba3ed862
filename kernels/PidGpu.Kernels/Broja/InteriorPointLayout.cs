namespace PidGpu.Kernels.Broja;

/// <summary>
/// Offsets (doubles) of one problem's slices for <see cref="BrojaInteriorPoint"/>. Variables are ordered λ(x1,y) then
/// μ(x2,y) (N = N1·NY + N2·NY), cells are all N1·N2 pairs (those outside the support are marked inactive).
///
/// Iterate (the caller reads it back): λ, μ, the cell masses z, and the last predictor direction (Δλ, Δμ).
/// Workspace: per-cell state of the point and of the trial point, the step's per-cell vectors, right side, direction,
/// free-variable mask, scaling, reduction slots, and the N×N Newton matrix unless it lives in shared memory.
/// </summary>
internal readonly struct InteriorPointLayout(ProblemShape shape, bool matrixShared)
{
    /// <summary>Reduction slots: one per thread of the largest group any accelerator runs.</summary>
    public const int ReduceSlots = 1024;

    public int N => shape.X1Y + shape.X2Y;
    public int Cells => shape.PairCells;
    public long CellY => (long)shape.PairCells * shape.NY;
    public long MatrixLength => (long)N * N;

    // Iterate slice.
    public long Lambda => 0;
    public long Mu => shape.X1Y;
    public long Mass => N;
    public long PredictorLambda => N + Cells;
    public long PredictorMu => PredictorLambda + shape.X1Y;
    public long IterateLength => 2L * N + Cells;

    // Workspace slice.
    public long Active => 0;
    public long G => Active + Cells;
    public long Pi => G + Cells;
    public long TrialLambda => Pi + CellY;
    public long TrialMu => TrialLambda + shape.X1Y;
    public long TrialG => TrialMu + shape.X2Y;
    public long TrialPi => TrialG + Cells;
    public long Slack => TrialPi + CellY;
    public long Weight => Slack + Cells;
    public long RankOne => Weight + Cells;
    public long Kappa => RankOne + Cells;
    public long DzAffine => Kappa + Cells;
    public long DgAffine => DzAffine + Cells;
    public long Dg => DgAffine + Cells;
    public long Dz => Dg + Cells;
    public long Rhs => Dz + Cells;
    public long Direction => Rhs + N;
    public long Free => Direction + N;
    public long Scale => Free + N;
    public long Reduce => Scale + N;
    public long Matrix => Reduce + ReduceSlots;
    public long WorkspaceLength => Matrix + (matrixShared ? 0 : MatrixLength);
}
