namespace PidGpu.Runs;

/// <summary>The learned flow's settings, defaults sized for a CPU (2000 steps, 8 blocks, hidden 64, Adam lr 1e-3); the
/// paper's are 10 000 steps, 8 blocks, hidden 256, lr 1e-4.</summary>
public sealed record FlowSettings(int Steps = 2000, int Blocks = 8, int Hidden = 64, double LearningRate = 1e-3);
