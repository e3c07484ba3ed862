namespace PidGpu.Reduce.Cpu;

/// <summary>
/// One thread's scratch for <see cref="RowBlockProducts"/>: a block of centred rows in double (zero-padded to whole
/// micro-tiles both ways), its scores as packed panels, and the thread's share of the images Zᵀ·(Z·Q). Sized so the
/// block and the images stay in a core's L2 cache (1 MiB + 0.75 MiB at d = 4,096, m = 24).
/// </summary>
sealed class RowBlockWorkspace
{
    /// <summary>Rows per block (a multiple of <see cref="MicroKernel.Height"/>).</summary>
    public const int Rows = 32;

    /// <summary>Row stride of <see cref="Centred"/> and rows of <see cref="Images"/>: d rounded up to a whole tile.</summary>
    public int Stride { get; }

    /// <summary>Columns of <see cref="Images"/>: the block width m rounded up to whole panels.</summary>
    public int Width { get; }

    /// <summary>Rows × Stride; the padding (columns ≥ d, rows past the block) stays zero.</summary>
    public double[] Centred { get; }

    /// <summary>Packed panels of the block's scores: [panel][row][<see cref="MicroKernel.Width"/>].</summary>
    public double[] Scores { get; }

    /// <summary>Stride × Width, accumulated over this thread's blocks.</summary>
    public double[] Images { get; }

    public double[] Tile { get; } = new double[MicroKernel.Height * MicroKernel.Width];

    public RowBlockWorkspace(int d, int panels)
    {
        Stride = (d + MicroKernel.Height - 1) / MicroKernel.Height * MicroKernel.Height;
        Width = panels * MicroKernel.Width;
        Centred = new double[Rows * Stride];
        Scores = new double[Rows * Width];
        Images = new double[(long)Stride * Width];
    }
}
