namespace PidGpu.Models.Capture;

/// <summary>How much of a <see cref="StatesSpill"/> a checkpoint vouches for: its first <paramref name="Rows"/> rows and the
/// first <paramref name="SampleBytes"/> bytes of its samples file; a resume cuts both files back to this.</summary>
public sealed record SpillMark(int Rows, long SampleBytes)
{
    public static SpillMark Empty { get; } = new(0, 0);
}
