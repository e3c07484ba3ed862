namespace PidGpu.Inputs.Text;

/// <summary>A sample left out of a run (missing or undecodable image, an answer whose first token is unknown, ...), named and why.</summary>
public sealed record SampleFault(string Id, string Task, string Reason);
