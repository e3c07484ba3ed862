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
