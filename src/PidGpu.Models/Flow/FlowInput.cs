namespace PidGpu.Models.Flow;

/// <summary>Shape and finiteness checks for row-major matrices handed to a flow.</summary>
internal static class FlowInput
{
    public static void CheckMatrix(double[]? data, int rows, int cols, string name)
    {
        if (data is null) throw new PidInputException($"{name} is missing (null).");
        if (cols < 1) throw new PidInputException($"{name} needs at least 1 column (got {cols}).");
        if (rows < 1) throw new PidInputException($"{name} needs at least 1 row (got {rows}).");
        if ((long)rows * cols != data.Length)
            throw new PidInputException($"{name} has {data.Length} values, not rows × cols = {rows} × {cols}.");
        for (int i = 0; i < data.Length; i++)
            if (!double.IsFinite(data[i]))
                throw new PidInputException($"{name} has a non-finite value ({data[i]}) at row {i / cols}, column {i % cols}.");
    }
}
