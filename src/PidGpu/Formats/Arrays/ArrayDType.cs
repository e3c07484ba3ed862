namespace PidGpu.Formats.Arrays;

/// <summary>Element types an activation matrix may be stored in; all are converted to float32 on read.</summary>
public enum ArrayDType
{
    /// <summary>IEEE binary16 (numpy '&lt;f2', safetensors F16).</summary>
    Float16,
    /// <summary>bfloat16: the upper 16 bits of a float32 (safetensors BF16).</summary>
    BFloat16,
    /// <summary>IEEE binary32 (numpy '&lt;f4', safetensors F32).</summary>
    Float32,
    /// <summary>IEEE binary64 (numpy '&lt;f8', safetensors F64); values beyond float range become ±infinity.</summary>
    Float64,
}

internal static class ArrayDTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int ItemSize(this ArrayDType type) => type switch
    {
        ArrayDType.Float16 or ArrayDType.BFloat16 => 2,
        ArrayDType.Float32 => 4,
        ArrayDType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The safetensors spelling (F16, BF16, F32, F64), also used in messages.</summary>
    public static string Name(this ArrayDType type) => type switch
    {
        ArrayDType.Float16 => "F16",
        ArrayDType.BFloat16 => "BF16",
        ArrayDType.Float32 => "F32",
        ArrayDType.Float64 => "F64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
