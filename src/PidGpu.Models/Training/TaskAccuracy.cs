namespace PidGpu.Models.Training;

/// <summary>Held-out accuracy of one task against chance.</summary>
public sealed record TaskAccuracy(string Task, int Samples, double Accuracy, double Chance);
