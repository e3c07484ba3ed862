using PidGpu.Formats.Arrays;

namespace PidGpu.Tests;

public class FormatsArraysArrayFileTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void OpensNpy_ByExtensionOrMagic()
    {
        var bytes = ArrayBytes.Npy("<f4", "(3, 2)", ArrayBytes.F32(ArrayBytes.Six));
        using (var m = ArrayFile.Open(temp.WriteBytes("a.npy", bytes))) Assert.Equal(ArrayBytes.Six, m.ReadAll());
        using (var m = ArrayFile.Open(temp.WriteBytes("a.bin", bytes))) Assert.Equal((3L, 2), (m.Rows, m.Columns));
    }

    [Fact]
    public void OpensSafetensors_PathColonTensor()
    {
        var path = temp.WriteBytes("w.safetensors", new SafetensorsBuilder()
            .Add("a", "F32", [6], ArrayBytes.F32(ArrayBytes.Six))
            .Add("b", "F16", [2, 3], ArrayBytes.F16(ArrayBytes.Six))
            .Build());
        using var m = ArrayFile.Open($"{path}:b");
        Assert.Equal((2L, 3, ArrayDType.Float16), (m.Rows, m.Columns, m.DType));
        var ex = Assert.Throws<PidInputException>(() => ArrayFile.Open($"{path}:c"));
        Assert.Contains("no tensor named 'c'; available: 'a', 'b'", ex.Message);
    }

    [Fact]
    public void Errors_NameTheFile()
    {
        var npy = temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(3, 2)", ArrayBytes.F32(ArrayBytes.Six)));
        Assert.Contains("a .npy file holds one array; drop the ':t' suffix", Assert.Throws<PidInputException>(() => ArrayFile.Open($"{npy}:t")).Message);
        var txt = temp.Write("a.txt", "1\n2\n");
        Assert.Equal($"{txt}: unknown array format; expected a .npy or .safetensors file.", Assert.Throws<PidInputException>(() => ArrayFile.Open(txt)).Message);
        var missing = temp.File("missing.npy");
        Assert.Equal($"{missing}: file not found.", Assert.Throws<PidInputException>(() => ArrayFile.Open(missing)).Message);
        Assert.Contains("is a folder", Assert.Throws<PidInputException>(() => NpyReader.Open(temp.Path)).Message);
        Assert.Equal("an input file name is empty.", Assert.Throws<PidInputException>(() => ArrayFile.Open(" ")).Message);
    }
}
