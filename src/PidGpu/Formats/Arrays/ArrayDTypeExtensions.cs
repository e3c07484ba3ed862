namespace PidGpu.Formats.Arrays;

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
