namespace PidGpu.Models.Training;

/// <summary>Initial values of the vision tower's learned position embeddings.</summary>
public enum PositionInit
{
    /// <summary>N(0, 1), TorchSharp's embedding default.</summary>
    Normal,

    /// <summary>2-D sine-cosine (MAE style): half the channels encode the patch row, half the column; the class token starts at 0.</summary>
    SinCos,
}
