using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;
using PidGpu.Kernels;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The CPU accelerator runs kernels as .NET code and never goes through ILGPU's IR, so a construct the GPU backends
/// reject would pass every CPU test. Every kernel the kernels assembly loads is compiled here to PTX, which needs no
/// GPU; the list is read from the launchers' IL (see <see cref="KernelEntryPoints"/>), so a new kernel is covered
/// without being registered.
/// </summary>
public class KernelPtxTests
{
    private static readonly IReadOnlyList<KernelEntryPoints.Entry> Entries =
        KernelEntryPoints.Find(typeof(BrojaSolver).Assembly);

    public static TheoryData<string> KernelNames() => new(Entries.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Kernel_CompilesToPtx(string name)
    {
        var entry = Entries.Single(e => e.Name == name);
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms().Math(MathMode.Default));
        using var backend = new PTXBackend(context, CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, nvvmAPI: null!);
        var description = entry.ImplicitlyGrouped
            ? EntryPointDescription.FromImplicitlyGroupedKernel(entry.Method)
            : EntryPointDescription.FromExplicitlyGroupedKernel(entry.Method);
        var compiled = (PTXCompiledKernel)backend.Compile(description, default);
        Assert.Contains(".entry", compiled.PTXAssembly);
    }

    /// <summary>
    /// Guards the finder itself: every static method of the kernels assembly named like a kernel is among the
    /// entries (so a kernel loaded some other way is noticed), and the ones named in the issue are there.
    /// </summary>
    [Fact]
    public void Finder_SeesEveryKernelNamedMethod()
    {
        var named = typeof(BrojaSolver).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic |
                                          System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(m => m.Name.EndsWith("Kernel", StringComparison.Ordinal) && !m.IsSpecialName)
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}");
        var found = Entries.Select(e => e.Name).ToHashSet();
        var missing = named.Where(n => !found.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "Kernels the finder missed: " + string.Join(", ", missing));
        foreach (var type in new[] { typeof(BrojaSolver), typeof(Marginals), typeof(InformationTermsKernel), typeof(IMinRedundancy),
                                     typeof(JointHistogram), typeof(ColumnBinning) })
            Assert.Contains(Entries, e => e.Method.DeclaringType == type);
    }
}
