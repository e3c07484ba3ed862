using System.Text.RegularExpressions;
using PidGpu.Device;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="PidDevice.Transfers"/> counts what the library moves only if every host↔device copy goes through PidDevice's
/// helpers: the ledger's own arithmetic on a known copy, and a scan of the library's sources for a copy made around them.
/// </summary>
public class DeviceTransferLedgerTests
{
    [Fact]
    public void UploadAndDownload_CountTheirBytes()
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        device.Transfers.Reset();
        using var buffer = device.Allocate<double>([1.0, 2.0, 3.0]);
        device.Upload<double>(buffer.View.SubView(1, 2), [5.0, 6.0]);
        Assert.Equal([1.0, 5.0, 6.0], device.Download<double>(buffer.View));
        Assert.Equal(5 * sizeof(double), device.Transfers.UploadedBytes);
        Assert.Equal(3 * sizeof(double), device.Transfers.DownloadedBytes);
        Assert.Equal(2, device.Transfers.Uploads);
        Assert.Equal(1, device.Transfers.Downloads);
        device.Transfers.Reset();
        Assert.Equal(0, device.Transfers.UploadedBytes + device.Transfers.DownloadedBytes);
    }

    [Fact]
    public void LibraryCopies_GoThroughPidDevice()
    {
        var root = Path.Combine(SharedCanonical.RepoRoot(), "src", "PidGpu");
        var direct = new Regex(@"\.(CopyFromCPU|CopyToCPU|GetAsArray1D|GetAsArray)\(|\.Allocate1D\([^<)]");
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "Device/PidDevice.cs")
            .Where(f => direct.IsMatch(File.ReadAllText(Path.Combine(root, f))))
            .ToArray();
        Assert.True(offenders.Length == 0, $"copies around PidDevice's counted helpers in: {string.Join(", ", offenders)}");
    }
}
