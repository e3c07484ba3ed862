using ILGPU;
using ILGPU.Runtime;
using PidGpu.Kernels;

namespace EmbedKernels;

/// <summary>
/// Samples → joint histogram → probabilities → marginals → information terms → BROJA → atoms, for XOR and COPY as
/// one batch of two problems, all on the caller's stream and buffers; only the atoms are downloaded.
/// </summary>
static class DiscreteCheck
{
    const int Problems = 2, SamplesPerProblem = 400;

    public static double[] Run(Accelerator accelerator, AcceleratorStream stream)
    {
        var shape = new ProblemShape(2, 2, 4); // COPY needs 4 values of y; XOR leaves y = 2, 3 at probability 0
        int samples = Problems * SamplesPerProblem;
        using var x1 = accelerator.Allocate1D<int>(samples);
        using var x2 = accelerator.Allocate1D<int>(samples);
        using var y = accelerator.Allocate1D<int>(samples);
        using var counts = accelerator.Allocate1D<int>(Problems * shape.Cells);
        using var p = accelerator.Allocate1D<double>(Problems * shape.Cells);
        using var p1 = accelerator.Allocate1D<double>(Problems * shape.X1Y);
        using var p2 = accelerator.Allocate1D<double>(Problems * shape.X2Y);
        using var py = accelerator.Allocate1D<double>(Problems * shape.NY);
        using var p12 = accelerator.Allocate1D<double>(Problems * shape.PairCells);
        using var terms = accelerator.Allocate1D<InformationTerms>(Problems);
        using var workspace = accelerator.Allocate1D<double>(accelerator.ComputeBrojaWorkspaceSize(shape, Problems));
        using var outcomes = accelerator.Allocate1D<BrojaOutcome>(Problems);
        using var atoms = accelerator.Allocate1D<double>(Problems * SampleKernels.AtomCount);

        var fill = accelerator.LoadAutoGroupedKernel<Index1D, int, ArrayView<int>, ArrayView<int>, ArrayView<int>>(SampleKernels.FillCodes);
        var toProbabilities = accelerator.LoadAutoGroupedKernel<Index1D, int, ArrayView<int>, ArrayView<double>>(SampleKernels.ToProbabilities);
        var toAtoms = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<InformationTerms>, ArrayView<BrojaOutcome>, ArrayView<double>>(SampleKernels.BrojaAtoms);
        var histogram = accelerator.CreateJointHistogram();
        var marginals = accelerator.CreateMarginals();
        var information = accelerator.CreateInformationTerms();
        var broja = accelerator.CreateBroja();

        fill(stream, samples, SamplesPerProblem, x1.View, x2.View, y.View);
        counts.View.MemSetToZero(stream);
        histogram.Launch(stream, shape, Problems, SamplesPerProblem, x1.View, x2.View, y.View, counts.View);
        toProbabilities(stream, (int)p.Length, SamplesPerProblem, counts.View, p.View);
        marginals.Launch(stream, shape, Problems, p.View, p1.View, p2.View, py.View, p12.View);
        information.Launch(stream, shape, Problems, p.View, p1.View, p2.View, py.View, p12.View, terms.View);
        broja.Launch(stream, shape, Problems, BrojaSettings.Default(), p1.View, p2.View, py.View, workspace.View, outcomes.View);
        toAtoms(stream, Problems, terms.View, outcomes.View, atoms.View);
        return atoms.GetAsArray1D(stream); // the one download (it waits for the stream)
    }
}
