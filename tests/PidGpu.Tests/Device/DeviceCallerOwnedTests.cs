using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using PidGpu.Device;
using PidGpu.Estimate;
using PidGpu.Pipeline;

namespace PidGpu.Tests;

/// <summary>
/// The library on an accelerator and stream the caller owns (<see cref="PidDevice.Use"/>), as an ILGPU pipeline would
/// call it: the engines give the literature's values there, the whole resident layer route gives exactly the atoms it
/// gives on a device of its own, and disposing the library's handle leaves the caller's accelerator working.
/// </summary>
public class DeviceCallerOwnedTests
{
    /// <summary>XOR: Y = X1 ⊕ X2 with uniform inputs; every measure gives 1 bit of synergy and nothing else.</summary>
    static JointDistribution Xor()
    {
        var p = new double[8];
        for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) p[(a * 2 + b) * 2 + (a ^ b)] = 0.25;
        return new JointDistribution(2, 2, 2, p, "xor");
    }

    [Fact]
    public void CallersAcceleratorAndStream_RunTheEngines_AndOutliveTheHandle()
    {
        using var context = Context.Create(b => b.CPU(new CPUDevice(4, 4, 2)).EnableAlgorithms());
        using var accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
        using var stream = accelerator.CreateStream();
        // Scalar-target Gaussian: unit variances, corr(X1,Y) = 0.6, corr(X2,Y) = 0.3, corr(X1,X2) = 0.2.
        double[,] cov = { { 1, 0.2, 0.6 }, { 0.2, 1, 0.3 }, { 0.6, 0.3, 1 } };
        double i1 = -0.5 * Math.Log2(1 - 0.36), i2 = -0.5 * Math.Log2(1 - 0.09);
        double detX = 1 - 0.04, det = 1 + 2 * 0.2 * 0.6 * 0.3 - 0.04 - 0.36 - 0.09;
        double i12 = 0.5 * Math.Log2(detX / det);

        for (int round = 0; round < 2; round++) // the second round runs on the same accelerator after the first handle is gone
        {
            using var device = PidDevice.Use(accelerator, round == 0 ? stream : null);
            Assert.Same(accelerator, device.Accelerator);
            Assert.Same(round == 0 ? stream : accelerator.DefaultStream, device.Stream);
            Assert.False(device.OwnsAccelerator);

            var xor = new DiscretePidEngine(device).Decompose(Xor(), PidMeasures.All);
            foreach (var atoms in new PidAtoms[] { xor.IMin!, xor.Mmi!, xor.Broja! })
            {
                Assert.Equal(1.0, atoms.S, 6);
                Assert.Equal(0.0, atoms.R, 6);
                Assert.Equal(0.0, atoms.U1 + atoms.U2, 6);
            }

            var mmi = new GaussianPidEngine(device).Decompose([cov], 1, 1, 1, PidMeasures.Mmi)[0];
            Assert.Equal(Math.Min(i1, i2), mmi.R, 12);
            Assert.Equal(i1 - i2, mmi.U1, 12);
            Assert.Equal(i12, mmi.I, 12);
        }
        // Still the caller's: it allocates and copies after both handles were disposed.
        using var buffer = accelerator.Allocate1D(new[] { 1.0, 2.0 });
        Assert.Equal([1.0, 2.0], buffer.GetAsArray1D());
    }

    [Fact]
    public void ResidentLayerRoute_OnTheCallersStream_GivesTheAtomsOfItsOwnDevice()
    {
        var (x1, x2, y) = PidFlowResidentTests.Layer(600, 16);
        using var own = PidDevice.Create(DeviceKind.Cpu);
        var expected = new ResidentPidFlow(own).Run(x1, x2, y, PidFlowResidentTests.Settings(own, copula: true)).Mmi!;

        using var context = Context.Create(b => b.CPU().EnableAlgorithms());
        using var accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
        using var stream = accelerator.CreateStream();
        using var device = PidDevice.Use(accelerator, stream);
        var actual = new ResidentPidFlow(device).Run(x1, x2, y, PidFlowResidentTests.Settings(device, copula: true)).Mmi!;

        Assert.Equal(expected.Atoms, actual.Atoms);
        Assert.Equal(expected.Bootstrap!.S.Upper, actual.Bootstrap!.S.Upper);
        Assert.True(device.Transfers.UploadedBytes >= 600L * 33 * sizeof(float), "the activations went up through the caller's handle");
    }

    [Fact]
    public void StreamOfAnotherAccelerator_IsRefused()
    {
        using var context = Context.Create(b => b.CPU().EnableAlgorithms());
        using var a = context.GetCPUDevice(0).CreateAccelerator(context);
        using var b = context.GetCPUDevice(0).CreateAccelerator(context);
        var e = Assert.Throws<ArgumentException>(() => PidDevice.Use(a, b.DefaultStream));
        Assert.Contains("another accelerator", e.Message);
    }

    /// <summary>Work on the accelerator's default stream would race the caller's stream on a GPU (the CPU accelerator runs
    /// launches in order, so no value test can see it): the library names no default stream outside <see cref="PidDevice"/>.</summary>
    [Fact]
    public void Library_LaunchesAndCopiesOnlyOnTheDevicesStream()
    {
        var root = Support.SharedCanonical.RepoRoot();
        var offenders = new[] { "src", "kernels" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "PidDevice.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => x.line.Contains("DefaultStream") || x.line.Contains("GetAsArray1D(") || x.line.Contains("MemSetToZero()"))
            .Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
