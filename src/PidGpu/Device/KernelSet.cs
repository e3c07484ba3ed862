using System.Runtime.CompilerServices;
using ILGPU.Runtime;
using PidGpu.Kernels;
using PidGpu.Kernels.Gaussian;
using PidGpu.Kernels.Uncertainty;
using PidGpu.Kernels.Reduce;
using PidGpu.Kernels.Gaussianize;
using PidGpu.Kernels.Discretize;

namespace PidGpu.Device;

/// <summary>The compiled kernels of one accelerator, built once on first use and shared.</summary>
internal sealed class KernelSet(Accelerator accelerator)
{
    static readonly ConditionalWeakTable<Accelerator, KernelSet> Cache = new();

    public static KernelSet For(Accelerator accelerator)
    {
        lock (Cache) return Cache.GetValue(accelerator, a => new KernelSet(a));
    }

    readonly Lazy<Marginals> marginals = new(() => new Marginals(accelerator));
    readonly Lazy<InformationTermsKernel> information = new(() => new InformationTermsKernel(accelerator));
    readonly Lazy<IMinRedundancy> imin = new(() => new IMinRedundancy(accelerator));
    readonly Lazy<BrojaSolver> broja = new(() => new BrojaSolver(accelerator));
    readonly Lazy<JointHistogram> histogram = new(() => new JointHistogram(accelerator));
    readonly Lazy<ColumnBinning> binning = new(() => new ColumnBinning(accelerator));
    readonly Lazy<GaussianPidSolver> gaussianPid = new(() => new GaussianPidSolver(accelerator));
    readonly Lazy<CovarianceAccumulator> covariance = new(() => new CovarianceAccumulator(accelerator));
    readonly Lazy<CovarianceGramTiles> gramTiles = new(() => new CovarianceGramTiles(accelerator));
    readonly Lazy<ResamplingKernels> resampling = new(() => new ResamplingKernels(accelerator));
    readonly Lazy<ResampledHistogram> resampledHistogram = new(() => new ResampledHistogram(accelerator));
    readonly Lazy<PcaKernels> pca = new(() => new PcaKernels(accelerator));
    readonly Lazy<CorrelationOperatorKernels> correlationOperator = new(() => new CorrelationOperatorKernels(accelerator));
    readonly Lazy<ResidentPcaKernels> residentPca = new(() => new ResidentPcaKernels(accelerator));
    readonly Lazy<CopulaTransform> copula = new(() => new CopulaTransform(accelerator));
    readonly Lazy<KMeansLloyd> kmeans = new(() => new KMeansLloyd(accelerator));

    public Marginals Marginals => marginals.Value;
    public InformationTermsKernel Information => information.Value;
    public IMinRedundancy IMin => imin.Value;
    public BrojaSolver Broja => broja.Value;
    public JointHistogram Histogram => histogram.Value;
    public ColumnBinning Binning => binning.Value;
    public GaussianPidSolver GaussianPid => gaussianPid.Value;
    public CovarianceAccumulator Covariance => covariance.Value;
    public CovarianceGramTiles GramTiles => gramTiles.Value;
    public ResamplingKernels Resampling => resampling.Value;
    public ResampledHistogram ResampledHistogram => resampledHistogram.Value;
    public PcaKernels Pca => pca.Value;
    public CorrelationOperatorKernels CorrelationOperator => correlationOperator.Value;
    public ResidentPcaKernels ResidentPca => residentPca.Value;
    public CopulaTransform Copula => copula.Value;
    public KMeansLloyd KMeans => kmeans.Value;
}
