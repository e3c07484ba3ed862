using System.Diagnostics;

namespace PidGpu.Bench;

/// <summary>
/// Process CPU time over wall time for one invocation: about 2 when a batch keeps both cores of a 2-core machine
/// busy, about 1 for one problem at a time. Lower values mean idle workers (load imbalance) or CPU taken by other
/// processes on the machine.
/// </summary>
public readonly struct CpuMeter
{
    readonly TimeSpan cpu;
    readonly long wall;

    CpuMeter(TimeSpan cpu, long wall) { this.cpu = cpu; this.wall = wall; }

    public static CpuMeter Start() => new(Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());

    public double CpuPerWall()
    {
        var cpuNow = Process.GetCurrentProcess().TotalProcessorTime;
        var wallNow = Stopwatch.GetElapsedTime(wall);
        return wallNow > TimeSpan.Zero ? (cpuNow - cpu) / wallNow : double.NaN;
    }
}
