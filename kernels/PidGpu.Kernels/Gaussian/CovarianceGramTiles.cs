using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Gaussian;

/// <summary>
/// Tiled accumulation of the shifted sums S and Q = Σ (x − c)(x − c)ᵀ into the partial layout of
/// <see cref="CovarianceShape"/> (finalised by <see cref="CovarianceAccumulator.LaunchFinalize"/>).
///
/// The upper triangle of Q is cut into T×T tiles; one group owns one (problem, slice, tile) at a time (grid-stride over
/// them) and streams the slice's rows through shared memory in blocks of <see cref="Block"/>: each block's T columns
/// of the row tile and of the column tile are shifted once into shared memory, then every thread updates 4×4
/// register micro-tiles from it. A GPU group has <see cref="GpuGroup"/> threads, one micro-tile each (for T = 32), held
/// in registers across all row blocks; a CPU group has one thread, which walks the micro-tiles of its tile over each
/// L1-sized block (cache blocking), reloading them from partial.
///
/// Determinism: slice s owns the rows whose GLOBAL index g (rows of earlier chunks included) has g mod Slices = s,
/// and every entry is a plain sequential fold over those rows in increasing g, starting from the stored partial.
/// So for a fixed shift (the first chunk) and slice count the bits do not depend on how later rows are chunked;
/// the finaliser adds the slices in slice order. No atomics.
/// </summary>
internal sealed class CovarianceGramTiles
{
    /// <summary>Largest tile side (the shared-memory buffers are sized for it).</summary>
    public const int MaxTile = 32;
    /// <summary>Rows per shared-memory block.</summary>
    public const int Block = 64;
    /// <summary>Micro-tile side (register blocking).</summary>
    public const int Micro = 4;
    /// <summary>Threads per group on a GPU: (MaxTile / Micro)² micro-tiles.</summary>
    public const int GpuGroup = MaxTile / Micro * (MaxTile / Micro);

    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, CovarianceShape, int, int, int, long, ArrayView<float>, ArrayView<double>, ArrayView<double>> kernel;

    public CovarianceGramTiles(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        kernel = accelerator.LoadKernel<CovarianceShape, int, int, int, long, ArrayView<float>, ArrayView<double>, ArrayView<double>>(AccumulateKernel);
    }

    /// <summary>Tile side for d columns: the smallest of 8, 16, 32 that covers d, else 32 (less padding for small d).</summary>
    public static int TileFor(int columns) => columns <= 8 ? 8 : columns <= 16 ? 16 : MaxTile;

    /// <summary>Upper-triangle tiles (including the diagonal ones) of a d-column problem.</summary>
    public static long TilesFor(int columns)
    {
        long n = (columns + TileFor(columns) - 1) / TileFor(columns);
        return n * (n + 1) / 2;
    }

    static int GroupSize(Accelerator accelerator) =>
        accelerator.AcceleratorType == AcceleratorType.CPU ? 1 : Math.Min(GpuGroup, accelerator.MaxNumThreadsPerGroup);

    static int MaxGroups(Accelerator accelerator) =>
        Math.Max(1, accelerator.NumMultiprocessors) * (accelerator.AcceleratorType == AcceleratorType.CPU ? 4 : 16);

    /// <summary>
    /// Row slices per problem: enough (problem, slice, tile) work items for about four per group of the grid, so
    /// the grid-stride loop balances; at most 64. Fixed for one accumulation (it sets the summation order).
    /// </summary>
    public static int SlicesFor(Accelerator accelerator, int columns, int problems)
    {
        long items = (long)problems * TilesFor(columns);
        long wanted = 4L * MaxGroups(accelerator);
        return (int)Math.Min(64, Math.Max(1, (wanted + items - 1) / items));
    }

    /// <summary>
    /// Adds one chunk (problems × rows × Columns floats) into partial (problems × PartialLength doubles, zeroed before
    /// the first chunk); <paramref name="rowsBefore"/> = rows per problem of the earlier chunks (it fixes each row's slice).
    /// <paramref name="groupSize"/> (0: the accelerator's default) changes only the speed, never the bits.
    /// </summary>
    public void LaunchAccumulate(AcceleratorStream stream, CovarianceShape shape, int problems, int rows, long rowsBefore,
        ArrayView<float> chunk, ArrayView<double> shift, ArrayView<double> partial, int groupSize = 0)
    {
        int tile = TileFor(shape.Columns);
        long work = problems * shape.Slices * TilesFor(shape.Columns);
        int group = groupSize > 0 ? Math.Min(groupSize, accelerator.MaxNumThreadsPerGroup) : GroupSize(accelerator);
        var config = new KernelConfig((int)Math.Clamp(work, 1, MaxGroups(accelerator)), group);
        kernel(stream, config, shape, problems, rows, tile, rowsBefore, chunk, shift, partial);
    }

    /// <summary>Index in one slice's [sums | pairs] of the pair (i, j), i ≤ j (pairs row by row).</summary>
    static long ItemOf(int d, int i, int j) => d + (long)i * (2L * d - i + 1) / 2 + (j - i);

    static double Load(ArrayView<double> partial, long slot, int d, int i, int j) =>
        i < d && j < d && i <= j ? partial[slot + ItemOf(d, i, j)] : 0;

    static void Store(ArrayView<double> partial, long slot, int d, int i, int j, double value)
    {
        if (i < d && j < d && i <= j) partial[slot + ItemOf(d, i, j)] = value;
    }

    /// <summary>4×4 register accumulators for Q[i..i+3, j..j+3]; entries outside the upper triangle stay 0 and are not stored.</summary>
    struct MicroTile
    {
        double a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;

        public void Load(ArrayView<double> p, long slot, int d, int i, int j)
        {
            a00 = CovarianceGramTiles.Load(p, slot, d, i, j); a01 = CovarianceGramTiles.Load(p, slot, d, i, j + 1); a02 = CovarianceGramTiles.Load(p, slot, d, i, j + 2); a03 = CovarianceGramTiles.Load(p, slot, d, i, j + 3);
            a10 = CovarianceGramTiles.Load(p, slot, d, i + 1, j); a11 = CovarianceGramTiles.Load(p, slot, d, i + 1, j + 1); a12 = CovarianceGramTiles.Load(p, slot, d, i + 1, j + 2); a13 = CovarianceGramTiles.Load(p, slot, d, i + 1, j + 3);
            a20 = CovarianceGramTiles.Load(p, slot, d, i + 2, j); a21 = CovarianceGramTiles.Load(p, slot, d, i + 2, j + 1); a22 = CovarianceGramTiles.Load(p, slot, d, i + 2, j + 2); a23 = CovarianceGramTiles.Load(p, slot, d, i + 2, j + 3);
            a30 = CovarianceGramTiles.Load(p, slot, d, i + 3, j); a31 = CovarianceGramTiles.Load(p, slot, d, i + 3, j + 1); a32 = CovarianceGramTiles.Load(p, slot, d, i + 3, j + 2); a33 = CovarianceGramTiles.Load(p, slot, d, i + 3, j + 3);
        }

        public readonly void Store(ArrayView<double> p, long slot, int d, int i, int j)
        {
            CovarianceGramTiles.Store(p, slot, d, i, j, a00); CovarianceGramTiles.Store(p, slot, d, i, j + 1, a01); CovarianceGramTiles.Store(p, slot, d, i, j + 2, a02); CovarianceGramTiles.Store(p, slot, d, i, j + 3, a03);
            CovarianceGramTiles.Store(p, slot, d, i + 1, j, a10); CovarianceGramTiles.Store(p, slot, d, i + 1, j + 1, a11); CovarianceGramTiles.Store(p, slot, d, i + 1, j + 2, a12); CovarianceGramTiles.Store(p, slot, d, i + 1, j + 3, a13);
            CovarianceGramTiles.Store(p, slot, d, i + 2, j, a20); CovarianceGramTiles.Store(p, slot, d, i + 2, j + 1, a21); CovarianceGramTiles.Store(p, slot, d, i + 2, j + 2, a22); CovarianceGramTiles.Store(p, slot, d, i + 2, j + 3, a23);
            CovarianceGramTiles.Store(p, slot, d, i + 3, j, a30); CovarianceGramTiles.Store(p, slot, d, i + 3, j + 1, a31); CovarianceGramTiles.Store(p, slot, d, i + 3, j + 2, a32); CovarianceGramTiles.Store(p, slot, d, i + 3, j + 3, a33);
        }

        /// <summary>Adds the staged rows 0..count−1 in order (the fixed summation order).</summary>
        public void Add(ArrayView<double> rowTile, ArrayView<double> columnTile, int tile, int count, int mi, int mj)
        {
            for (int b = 0; b < count; b++)
            {
                int o = b * tile;
                double x0 = rowTile[o + mi], x1 = rowTile[o + mi + 1], x2 = rowTile[o + mi + 2], x3 = rowTile[o + mi + 3];
                double y0 = columnTile[o + mj], y1 = columnTile[o + mj + 1], y2 = columnTile[o + mj + 2], y3 = columnTile[o + mj + 3];
                a00 += x0 * y0; a01 += x0 * y1; a02 += x0 * y2; a03 += x0 * y3;
                a10 += x1 * y0; a11 += x1 * y1; a12 += x1 * y2; a13 += x1 * y3;
                a20 += x2 * y0; a21 += x2 * y1; a22 += x2 * y2; a23 += x2 * y3;
                a30 += x3 * y0; a31 += x3 * y1; a32 += x3 * y2; a33 += x3 * y3;
            }
        }
    }

    static void AccumulateKernel(CovarianceShape s, int problems, int rows, int tile, long rowsBefore,
        ArrayView<float> chunk, ArrayView<double> shift, ArrayView<double> partial)
    {
        var rowTile = SharedMemory.Allocate1D<double>(MaxTile * Block);
        var colTile = SharedMemory.Allocate1D<double>(MaxTile * Block);
        int d = s.Columns;
        int side = (d + tile - 1) / tile;
        long tiles = (long)side * (side + 1) / 2;
        long work = problems * s.Slices * tiles;
        int micro = tile / Micro;
        bool owner = Group.DimX >= micro * micro;
        for (long w = Grid.IdxX; w < work; w += Grid.DimX)
        {
            long p = w / (s.Slices * tiles);
            long rem = w % (s.Slices * tiles);
            int slice = (int)(rem / tiles);
            long t = rem % tiles;
            // Tiles ordered by column tile tj, then row tile ti ≤ tj: t = tj(tj+1)/2 + ti (root, then an exact fix-up).
            int tj = (int)((Math.Sqrt(8.0 * t + 1) - 1) / 2);
            while ((long)tj * (tj + 1) / 2 > t) tj--;
            while ((long)(tj + 1) * (tj + 2) / 2 <= t) tj++;
            int ti = (int)(t - (long)tj * (tj + 1) / 2);
            int i0 = ti * tile, j0 = tj * tile;

            int first = (int)((slice - rowsBefore % s.Slices + s.Slices) % s.Slices);
            int count = first < rows ? (rows - 1 - first) / s.Slices + 1 : 0;
            long rowBase = p * rows * d, shiftBase = p * d;
            long slot = p * s.PartialLength + (long)slice * s.Items;

            // With a thread per micro-tile (a GPU group) each keeps its 4×4 in registers across all row blocks.
            int ownI = Group.IdxX / micro * Micro, ownJ = Group.IdxX % micro * Micro;
            bool mine = owner && Group.IdxX < micro * micro && !(ti == tj && ownI > ownJ);
            var held = default(MicroTile);
            if (mine) held.Load(partial, slot, d, i0 + ownI, j0 + ownJ);

            for (int b0 = 0; b0 < count; b0 += Block)
            {
                int inBlock = Math.Min(Block, count - b0);
                Group.Barrier(); // the previous block is consumed
                // Thread e < tile stages row-tile column e, tile ≤ e < 2·tile column-tile column e − tile (a diagonal
                // tile's two are the same columns: staged once). One shift load per column, coalesced rows on a GPU.
                for (int e = Group.IdxX; e < (ti == tj ? tile : 2 * tile); e += Group.DimX)
                {
                    bool isCol = e >= tile;
                    int c = isCol ? e - tile : e;
                    int column = (isCol ? j0 : i0) + c;
                    var target = isCol ? colTile : rowTile;
                    if (column >= d)
                    {
                        for (int b = 0; b < inBlock; b++) target[b * tile + c] = 0;
                        continue;
                    }
                    double centre = shift[shiftBase + column];
                    long at = rowBase + first * (long)d + (long)b0 * s.Slices * d + column, step = (long)s.Slices * d;
                    for (int b = 0; b < inBlock; b++, at += step) target[b * tile + c] = chunk[at] - centre;
                }
                Group.Barrier();
                var columnTile = ti == tj ? rowTile : colTile;

                if (owner)
                {
                    if (mine) held.Add(rowTile, columnTile, tile, inBlock, ownI, ownJ);
                }
                else
                {
                    // Fewer threads than micro-tiles (the CPU's single thread): walk them, reloading from partial.
                    for (int m = Group.IdxX; m < micro * micro; m += Group.DimX)
                    {
                        int mi = m / micro * Micro, mj = m % micro * Micro;
                        if (ti == tj && mi > mj) continue; // wholly below the diagonal
                        var walk = default(MicroTile);
                        walk.Load(partial, slot, d, i0 + mi, j0 + mj);
                        walk.Add(rowTile, columnTile, tile, inBlock, mi, mj);
                        walk.Store(partial, slot, d, i0 + mi, j0 + mj);
                    }
                }

                if (ti == tj) // diagonal tiles also carry the column sums S of their columns
                {
                    for (int c = Group.IdxX; c < tile; c += Group.DimX)
                    {
                        if (i0 + c >= d) continue;
                        double sum = partial[slot + i0 + c];
                        for (int b = 0; b < inBlock; b++) sum += rowTile[b * tile + c];
                        partial[slot + i0 + c] = sum;
                    }
                }
            }
            if (mine) held.Store(partial, slot, d, i0 + ownI, j0 + ownJ);
        }
    }
}
