using PidGpu.Estimate;

namespace PidGpu.Discretize;

/// <summary>
/// The integer counts behind a joint table (cells in the order of <see cref="JointDistribution.P"/>): the partial statistic
/// of <see cref="JointHistogrammer"/>. Counts of parts of a data set split by samples add up exactly (<see cref="Merge"/>),
/// and <see cref="ToBytes"/>/<see cref="FromBytes"/> carry them between processes.
/// </summary>
public sealed class JointCounts
{
    const uint Magic = 0x504A4E54; // "PJNT"
    const int Version = 1;

    public int N1 { get; }
    public int N2 { get; }
    public int NY { get; }
    public long[] Counts { get; }

    /// <summary>Samples counted.</summary>
    public long Samples => Counts.Sum();

    public JointCounts(int n1, int n2, int ny, long[] counts)
    {
        JointDistribution.CheckAlphabets(n1, n2, ny, "joint counts");
        if (counts.Length != (long)n1 * n2 * ny)
            throw new PidInputException($"joint counts of {n1}x{n2}x{ny} need {(long)n1 * n2 * ny} cells, got {counts.Length}.");
        if (Array.FindIndex(counts, c => c < 0) is int bad and >= 0)
            throw new PidInputException($"joint counts: cell {bad} is negative ({counts[bad]}).");
        (N1, N2, NY, Counts) = (n1, n2, ny, counts);
    }

    /// <summary>Both parts' counts, cell by cell (exact: integers).</summary>
    public JointCounts Merge(JointCounts other)
    {
        if (other.N1 != N1 || other.N2 != N2 || other.NY != NY)
            throw new PidInputException($"cannot merge joint counts of {other.N1}x{other.N2}x{other.NY} into {N1}x{N2}x{NY}.");
        var sum = new long[Counts.Length];
        for (int i = 0; i < sum.Length; i++) sum[i] = checked(Counts[i] + other.Counts[i]);
        return new JointCounts(N1, N2, NY, sum);
    }

    /// <summary>The normalised joint distribution.</summary>
    /// <exception cref="PidInputException">No samples.</exception>
    public JointDistribution ToJoint(string source = "samples")
    {
        var weights = new double[Counts.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = Counts[i];
        return new JointDistribution(N1, N2, NY, weights, source);
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(N1);
            w.Write(N2);
            w.Write(NY);
            foreach (long c in Counts) w.Write(c);
        }
        return buffer.ToArray();
    }

    /// <exception cref="PidInputException">Not joint counts of this version, or cut short.</exception>
    public static JointCounts FromBytes(byte[] bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes));
            if (r.ReadUInt32() != Magic || r.ReadInt32() != Version)
                throw new PidInputException("these bytes are not joint counts (version 1).");
            int n1 = r.ReadInt32(), n2 = r.ReadInt32(), ny = r.ReadInt32();
            long cells = (long)n1 * n2 * ny;
            if (n1 < 1 || n2 < 1 || ny < 1 || bytes.Length != 20 + 8 * cells)
                throw new PidInputException($"joint counts of {n1}x{n2}x{ny} cannot be {bytes.Length} bytes long.");
            var counts = new long[cells];
            for (long i = 0; i < cells; i++) counts[i] = r.ReadInt64();
            return new JointCounts(n1, n2, ny, counts);
        }
        catch (EndOfStreamException ex)
        {
            throw new PidInputException("joint counts were cut short.", ex);
        }
    }
}
