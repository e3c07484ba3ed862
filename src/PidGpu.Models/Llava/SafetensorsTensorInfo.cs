namespace PidGpu.Models.Llava;

/// <summary>One tensor's header entry: dtype spelling, shape, byte range relative to the data section.</summary>
internal sealed record SafetensorsTensorInfo(string Name, string DType, long[] Shape, long Begin, long End)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
