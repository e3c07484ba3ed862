using System.Text.Json;
using PidGpu.Estimate;

namespace PidGpu.Tests.Support;

/// <summary>One canonical system of Reference/canonical-pid.json with its expected atoms (bits).</summary>
public sealed record CanonicalSystem(string Name, JointDistribution Joint,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Expected);
