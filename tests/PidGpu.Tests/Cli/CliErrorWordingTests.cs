using PidGpu.Estimate;

namespace PidGpu.Tests;

/// <summary>The CLI words a library error by its setting field: a missing accelerator becomes advice about --device.</summary>
public class CliErrorWordingTests
{
    [SkippableFact]
    public void MissingAccelerator_IsWordedAsTheDeviceFlag()
    {
        using var probe = ILGPU.Context.Create(b => ILGPU.Runtime.Cuda.CudaContextExtensions.Cuda(b));
        Skip.If(probe.Devices.Any(d => d.AcceleratorType == ILGPU.Runtime.AcceleratorType.Cuda), "a CUDA device is present here");
        using var temp = new TempFolder();
        var xor = temp.Write("xor.json", "{\"p\": [[[0.25, 0], [0, 0.25]], [[0, 0.25], [0.25, 0]]]}");
        var run = CliRun.Of("decompose", "--joint", xor, "--device", "cuda");
        Assert.Equal(PidGpu.Cli.ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no cuda accelerator on this machine", run.Stderr);
        Assert.Contains("--device auto", run.Stderr);
    }
}
