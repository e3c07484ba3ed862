using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;
using PidGpu.Kernels.Reduce;

namespace PidGpu.Tests;

/// <summary>The CPU accelerator never goes through ILGPU's IR; compiling the PCA kernels to PTX (no GPU needed) does.</summary>
public class ReducePcaPtxTests
{
    [Theory]
    [InlineData("MultiplyKernel")]
    [InlineData("ProjectKernel")]
    public void Kernel_CompilesToPtx(string method)
    {
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms().Math(MathMode.Default));
        using var backend = new PTXBackend(context, CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, nvvmAPI: null!);
        var kernel = typeof(PcaKernels).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"PcaKernels.{method} not found");
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), default);
        Assert.Contains(".entry", compiled.PTXAssembly);
    }
}
