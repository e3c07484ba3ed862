namespace PidGpu.Bench;

/// <summary>This process's memory from <c>/proc/self/status</c> (Linux): resident set now and at its peak, split into
/// anonymous memory and file-backed pages (a memory-mapped checkpoint counts as the latter).</summary>
internal readonly record struct ProcessMemory(long RssBytes, long PeakRssBytes, long AnonBytes, long FileBytes)
{
    public static ProcessMemory Now()
    {
        var kb = File.ReadAllLines("/proc/self/status").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => long.TryParse(p[1].Trim().Split(' ')[0], out long v) ? v * 1024 : 0);
        return new(kb.GetValueOrDefault("VmRSS"), kb.GetValueOrDefault("VmHWM"), kb.GetValueOrDefault("RssAnon"), kb.GetValueOrDefault("RssFile"));
    }

    /// <summary>Starts a new peak (VmHWM) from the current resident set.</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    public override string ToString() =>
        $"RSS {RssBytes / 1e9:F2} GB (anon {AnonBytes / 1e9:F2}, file {FileBytes / 1e9:F2}), peak {PeakRssBytes / 1e9:F2} GB";
}
