using System.Text.Json;
using PidGpu.Device;
using PidGpu.Runs;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The streaming Gaussian route on the host (<see cref="DeviceKind.Auto"/> without CUDA: HostCovariance and the host
/// GaussianPid, no accelerator) against the same route on ILGPU's CPU accelerator (ChunkedCovariance and the
/// GaussianPidEngine kernel), on samples of a reference system with a dropped non-finite row.
/// </summary>
public class RunsGaussianHostRouteTests
{
    [Fact]
    public void HostRoute_AgreesWithTheDeviceRoute()
    {
        var c = GaussianCase.All.First(k => k.D1 > 1 && k.D2 > 1);
        using var temp = new TempFolder();
        int d = c.D1 + c.D2 + c.DY;
        var data = GaussianSamples.Draw(c.Cov, 3000, seed: 11);
        data[5 * d] = float.NaN; // row 5 is dropped on both routes
        var input = new GaussianMatricesInput(
            GaussianSamples.WriteNpy(temp, "x1.npy", GaussianSamples.Columns(data, d, 0, c.D1), c.D1),
            GaussianSamples.WriteNpy(temp, "x2.npy", GaussianSamples.Columns(data, d, c.D1, c.D2), c.D2),
            GaussianSamples.WriteNpy(temp, "y.npy", GaussianSamples.Columns(data, d, c.D1 + c.D2, c.DY), c.DY));
        var request = new GaussianRequest(input) { Pca = 0, DropNonFinite = true };

        var host = Assert.IsType<GaussianRunResult>(DecompositionRun.Execute(request));
        var device = Assert.IsType<GaussianRunResult>(DecompositionRun.Execute(request with { Device = DeviceKind.Cpu }));

        if (!PidDevice.CudaPresent()) Assert.Equal(GaussianStreamRoute.HostDevice, host.Device);
        Assert.StartsWith("cpu: ", device.Device);
        Assert.Equal(2999, host.Input.Samples);
        Assert.Equal(device.Input, host.Input);
        foreach (var (h, g) in new[] { (host.Mmi!, device.Mmi!), (host.Gpid!, device.Gpid!) })
        {
            Assert.Equal(g.R, h.R, 1e-12);
            Assert.Equal(g.U1, h.U1, 1e-12);
            Assert.Equal(g.U2, h.U2, 1e-12);
            Assert.Equal(g.S, h.S, 1e-12);
            Assert.Equal(g.I, h.I, 1e-12);
        }
        // The JSON differs in the device field (and the solve time) only.
        using var hostJson = JsonDocument.Parse(host.ToJson());
        using var deviceJson = JsonDocument.Parse(device.ToJson());
        foreach (var part in new[] { "input", "settings" })
            Assert.Equal(deviceJson.RootElement.GetProperty(part).GetRawText(), hostJson.RootElement.GetProperty(part).GetRawText());
    }
}
