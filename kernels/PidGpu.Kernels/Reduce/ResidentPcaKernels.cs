using ILGPU;
using ILGPU.Runtime;
using PidGpu.Kernels.Uncertainty;

namespace PidGpu.Kernels.Reduce;

/// <summary>
/// The device-resident PCA of one variable, so that only O(m²) numbers per subspace iteration reach the host (m = k +
/// oversampling): standardisation of the covariance into the correlation matrix, the small products of the subspace
/// iteration (Gram Qᵀ·Z, block times m×m, residual norms), the loadings as projection weights, and the projection
/// written straight into its column block of the joined data [X1 | X2 | Y]. One thread per output element in grid-stride
/// loops, each output one sequential sum (deterministic, no atomics except the first-bad-column search). Row-major.
/// </summary>
internal sealed class ResidentPcaKernels
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, int, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<long>> scaleKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, ArrayView<double>, ArrayView<double>, ArrayView<double>> correlationKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, ArrayView<double>, ArrayView<double>> traceKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>> gramKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>> combineKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>> residualKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, ArrayView<double>, ArrayView<double>, ArrayView<int>> blendKernel;
    readonly Action<AcceleratorStream, KernelConfig, ulong, ArrayView<double>> randomKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>> weightsKernel;
    readonly Action<AcceleratorStream, KernelConfig, ProjectionLayout, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>> projectKernel;
    readonly Action<AcceleratorStream, KernelConfig, ProjectionLayout, ArrayView<float>, ArrayView<double>> widenKernel;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<int>, int> fillKernel;

    public ResidentPcaKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        scaleKernel = accelerator.LoadKernel<int, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<long>>(ScaleKernel);
        correlationKernel = accelerator.LoadKernel<int, ArrayView<double>, ArrayView<double>, ArrayView<double>>(CorrelationKernel);
        traceKernel = accelerator.LoadKernel<int, ArrayView<double>, ArrayView<double>>(TraceKernel);
        gramKernel = accelerator.LoadKernel<int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>>(GramKernel);
        combineKernel = accelerator.LoadKernel<int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>>(CombineKernel);
        residualKernel = accelerator.LoadKernel<int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(ResidualKernel);
        blendKernel = accelerator.LoadKernel<int, int, ArrayView<double>, ArrayView<double>, ArrayView<int>>(BlendKernel);
        randomKernel = accelerator.LoadKernel<ulong, ArrayView<double>>(RandomKernel);
        weightsKernel = accelerator.LoadKernel<int, int, int, ArrayView<double>, ArrayView<double>, ArrayView<double>>(WeightsKernel);
        projectKernel = accelerator.LoadKernel<ProjectionLayout, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(ProjectKernel);
        widenKernel = accelerator.LoadKernel<ProjectionLayout, ArrayView<float>, ArrayView<double>>(WidenKernel);
        fillKernel = accelerator.LoadKernel<ArrayView<int>, int>(FillKernel);
    }

    KernelConfig Config(long elements) => LaunchConfig.GridStride(accelerator, elements);

    /// <summary>Column spreads of a d×d ML covariance: scale[c] = √max(C_cc, 0); the first column whose spread is at float32
    /// rounding level of its mean (a constant column) goes to <paramref name="firstConstant"/> (set to long.MaxValue first).</summary>
    public void LaunchScale(AcceleratorStream stream, int d, ArrayView<double> covariance, ArrayView<double> mean,
        ArrayView<double> scale, ArrayView<long> firstConstant)
        => scaleKernel(stream, Config(d), d, covariance, mean, scale, firstConstant);

    /// <summary>r[i·d + j] ← ½(C_ij + C_ji) / (scale_i · scale_j): the symmetric correlation matrix.</summary>
    public void LaunchCorrelation(AcceleratorStream stream, int d, ArrayView<double> covariance, ArrayView<double> scale, ArrayView<double> correlation)
        => correlationKernel(stream, Config((long)d * d), d, covariance, scale, correlation);

    /// <summary>trace[0] ← Σ_i a[i·d + i], summed in index order by one thread.</summary>
    public void LaunchTrace(AcceleratorStream stream, int d, ArrayView<double> a, ArrayView<double> trace)
        => traceKernel(stream, new KernelConfig(1, 1), d, a, trace);

    /// <summary>h[i·m + j] ← Σ_r a[r·m + i] · b[r·m + j] for d×m blocks a, b: h = aᵀ·b (m×m).</summary>
    public void LaunchGram(AcceleratorStream stream, int d, int m, ArrayView<double> a, ArrayView<double> b, ArrayView<double> h)
        => gramKernel(stream, Config((long)m * m), d, m, a, b, h);

    /// <summary>output[r·n + j] ← Σ_c y[r·m + c] · w[c·n + j]: a d×m block times an m×n matrix.</summary>
    public void LaunchCombine(AcceleratorStream stream, int d, int m, int n, ArrayView<double> y, ArrayView<double> w, ArrayView<double> output)
        => combineKernel(stream, Config((long)d * n), d, m, n, y, w, output);

    /// <summary>norms[j] ← ‖images_j − values_j · vectors_j‖₂ for the first <paramref name="k"/> columns of d×m blocks.</summary>
    public void LaunchResidualNorms(AcceleratorStream stream, int d, int m, int k, ArrayView<double> images, ArrayView<double> vectors,
        ArrayView<double> values, ArrayView<double> norms)
        => residualKernel(stream, Config(k), d, m, k, images, vectors, values, norms);

    /// <summary>Column j of the d×m block <paramref name="target"/> becomes column j of <paramref name="source"/> where use[j] ≠ 0.</summary>
    public void LaunchBlend(AcceleratorStream stream, int d, int m, ArrayView<double> target, ArrayView<double> source, ArrayView<int> use)
        => blendKernel(stream, Config((long)d * m), d, m, target, source, use);

    /// <summary>Uniform values in [−½, ½) from <see cref="CounterRng"/> stream <paramref name="seed"/>, entry e from counter e.</summary>
    public void LaunchRandom(AcceleratorStream stream, ulong seed, ArrayView<double> output)
        => randomKernel(stream, Config(output.Length), seed, output);

    /// <summary>
    /// w[c·kept + j] ← s_j · vectors[c·m + j] / scale[c] for the leading <paramref name="kept"/> columns, with s_j = ±1 making the
    /// largest-|entry| of each vector (first on ties) positive: the loadings with a deterministic sign, standardisation folded in.
    /// </summary>
    public void LaunchWeights(AcceleratorStream stream, int d, int m, int kept, ArrayView<double> vectors, ArrayView<double> scale, ArrayView<double> w)
        => weightsKernel(stream, Config(kept), d, m, kept, vectors, scale, w);

    /// <summary>z[r·Stride + Offset + j] ← Σ_c (x[r·Columns + c] − mean[c]) · w[c·K + j]: scores into their column block.</summary>
    public void LaunchProject(AcceleratorStream stream, ProjectionLayout layout, ArrayView<float> x, ArrayView<double> mean,
        ArrayView<double> w, ArrayView<double> z)
        => projectKernel(stream, Config((long)layout.Rows * layout.K), layout, x, mean, w, z);

    /// <summary>z[r·Stride + Offset + c] ← x[r·Columns + c] (K = Columns): a variable kept whole, widened to double.</summary>
    public void LaunchWiden(AcceleratorStream stream, ProjectionLayout layout, ArrayView<float> x, ArrayView<double> z)
        => widenKernel(stream, Config((long)layout.Rows * layout.Columns), layout, x, z);

    /// <summary>Every entry of <paramref name="target"/> ← <paramref name="value"/>.</summary>
    public void LaunchFill(AcceleratorStream stream, ArrayView<int> target, int value)
        => fillKernel(stream, Config(target.Length), target, value);

    static long Stride => (long)Grid.DimX * Group.DimX;

    static void ScaleKernel(int d, ArrayView<double> covariance, ArrayView<double> mean, ArrayView<double> scale, ArrayView<long> firstConstant)
    {
        long found = long.MaxValue;
        for (long c = Grid.GlobalIndex.X; c < d; c += Stride)
        {
            double s = Math.Sqrt(Math.Max(covariance[c * d + c], 0.0));
            scale[c] = s;
            // As the host fit: a spread at or below float32 resolution of the values is rounding, not signal.
            if (found == long.MaxValue && (!(s > 0) || s <= 1e-7 * Math.Abs(mean[c]))) found = c;
        }
        if (found != long.MaxValue) Atomic.Min(ref firstConstant[0], found);
    }

    static void CorrelationKernel(int d, ArrayView<double> covariance, ArrayView<double> scale, ArrayView<double> correlation)
    {
        long total = (long)d * d;
        for (long e = Grid.GlobalIndex.X; e < total; e += Stride)
        {
            long i = e / d, j = e % d;
            correlation[e] = 0.5 * (covariance[e] + covariance[j * d + i]) / (scale[i] * scale[j]);
        }
    }

    static void TraceKernel(int d, ArrayView<double> a, ArrayView<double> trace)
    {
        double sum = 0;
        for (long i = 0; i < d; i++) sum += a[i * d + i];
        trace[0] = sum;
    }

    static void GramKernel(int d, int m, ArrayView<double> a, ArrayView<double> b, ArrayView<double> h)
    {
        long total = (long)m * m;
        for (long e = Grid.GlobalIndex.X; e < total; e += Stride)
        {
            long i = e / m, j = e % m;
            double sum = 0;
            for (long r = 0; r < d; r++) sum += a[r * m + i] * b[r * m + j];
            h[e] = sum;
        }
    }

    static void CombineKernel(int d, int m, int n, ArrayView<double> y, ArrayView<double> w, ArrayView<double> output)
    {
        long total = (long)d * n;
        for (long e = Grid.GlobalIndex.X; e < total; e += Stride)
        {
            long r = e / n, j = e % n;
            double sum = 0;
            for (long c = 0; c < m; c++) sum += y[r * m + c] * w[c * n + j];
            output[e] = sum;
        }
    }

    static void ResidualKernel(int d, int m, int k, ArrayView<double> images, ArrayView<double> vectors, ArrayView<double> values, ArrayView<double> norms)
    {
        for (long j = Grid.GlobalIndex.X; j < k; j += Stride)
        {
            double sq = 0;
            for (long i = 0; i < d; i++)
            {
                double r = images[i * m + j] - values[j] * vectors[i * m + j];
                sq += r * r;
            }
            norms[j] = Math.Sqrt(sq);
        }
    }

    static void BlendKernel(int d, int m, ArrayView<double> target, ArrayView<double> source, ArrayView<int> use)
    {
        long total = (long)d * m;
        for (long e = Grid.GlobalIndex.X; e < total; e += Stride)
            if (use[e % m] != 0) target[e] = source[e];
    }

    static void RandomKernel(ulong seed, ArrayView<double> output)
    {
        ulong state = CounterRng.StreamState(seed, 0);
        for (long e = Grid.GlobalIndex.X; e < output.Length; e += Stride)
            output[e] = (CounterRng.Next(state, e) >> 11) * (1.0 / 9007199254740992.0) - 0.5;
    }

    static void WeightsKernel(int d, int m, int kept, ArrayView<double> vectors, ArrayView<double> scale, ArrayView<double> w)
    {
        for (long j = Grid.GlobalIndex.X; j < kept; j += Stride)
        {
            long best = 0;
            for (long i = 1; i < d; i++)
                if (Math.Abs(vectors[i * m + j]) > Math.Abs(vectors[best * m + j])) best = i;
            double sign = vectors[best * m + j] < 0 ? -1.0 : 1.0;
            for (long c = 0; c < d; c++) w[c * kept + j] = sign * vectors[c * m + j] / scale[c];
        }
    }

    static void ProjectKernel(ProjectionLayout layout, ArrayView<float> x, ArrayView<double> mean, ArrayView<double> w, ArrayView<double> z)
    {
        int d = layout.Columns, k = layout.K;
        long total = (long)layout.Rows * k;
        for (long e = Grid.GlobalIndex.X; e < total; e += Stride)
        {
            long r = e / k, j = e % k;
            long row = r * d;
            double sum = 0;
            for (int c = 0; c < d; c++) sum += (x[row + c] - mean[c]) * w[(long)c * k + j];
            z[r * layout.Stride + layout.Offset + j] = sum;
        }
    }

    static void WidenKernel(ProjectionLayout layout, ArrayView<float> x, ArrayView<double> z)
    {
        int d = layout.Columns;
        long total = (long)layout.Rows * d;
        for (long e = Grid.GlobalIndex.X; e < total; e += Stride)
        {
            long r = e / d, c = e % d;
            z[r * layout.Stride + layout.Offset + c] = x[e];
        }
    }

    static void FillKernel(ArrayView<int> target, int value)
    {
        for (long e = Grid.GlobalIndex.X; e < target.Length; e += Stride) target[e] = value;
    }
}
