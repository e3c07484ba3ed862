using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Tests;

/// <summary>
/// The CPU accelerator runs kernels as .NET code and never goes through ILGPU's IR, so a construct the GPU backends
/// reject (e.g. in the generic <see cref="IScratch"/> code) would pass every CPU test. Compiling each Gaussian kernel
/// to PTX needs no GPU and catches that.
/// </summary>
public class GaussianPtxTests
{
    [Theory]
    [InlineData(typeof(GaussianPidSolver), "Kernel")]
    [InlineData(typeof(CovarianceAccumulator), "ShiftKernel")]
    [InlineData(typeof(CovarianceAccumulator), "AccumulateKernel")]
    [InlineData(typeof(CovarianceAccumulator), "FinalizeKernel")]
    [InlineData(typeof(CovarianceGramTiles), "AccumulateKernel")]
    public void Kernel_CompilesToPtx(Type type, string method)
    {
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms().Math(MathMode.Default));
        using var backend = new PTXBackend(context, CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, nvvmAPI: null!);
        var kernel = type.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{type.Name}.{method} not found");
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), default);
        Assert.Contains(".entry", compiled.PTXAssembly);
    }
}
