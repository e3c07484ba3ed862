namespace PidGpu.Runs;

/// <summary>Activation matrices X1 (N×d1), X2 (N×d2), Y (N×dy): <c>.npy</c> (f2/f4/f8) or <c>FILE.safetensors[:TENSOR]</c>.</summary>
public sealed record GaussianMatricesInput(string X1, string X2, string Y) : GaussianInput;
