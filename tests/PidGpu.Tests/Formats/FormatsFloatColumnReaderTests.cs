using PidGpu.Formats;

namespace PidGpu.Tests;

public class FormatsFloatColumnReaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    PidInputException Fails(string text, string column = "")
    {
        var path = temp.Write("col.csv", text);
        var ex = Assert.Throws<PidInputException>(() => FloatColumnReader.Read(column.Length == 0 ? path : $"{path}:{column}"));
        Assert.Contains("col.csv", ex.Message);
        return ex;
    }

    [Fact]
    public void OneNumberPerLine_NoHeader() =>
        Assert.Equal([1.5f, -2f, 3e-3f], FloatColumnReader.Read(temp.Write("v.txt", "1.5\n-2\n3e-3\n")));

    [Fact]
    public void OneNumberPerLine_WithHeader() =>
        Assert.Equal([1f, 2f], FloatColumnReader.Read(temp.Write("v.txt", "x1\n1\n2\n\n")));

    [Fact]
    public void CsvColumnByName() =>
        Assert.Equal([2f, 4f], FloatColumnReader.Read(temp.Write("t.csv", "a,b\n1,2\n3,4\n") + ":b"));

    [Fact]
    public void FileNameWithColon_StillReadsWhole() =>
        Assert.Equal([7f], FloatColumnReader.Read(temp.Write("odd:name.txt", "7\n")));

    [Fact]
    public void NaN_NamesRow()
    {
        var ex = Fails("v\n1\n2\nNaN\n");
        Assert.Contains("row 3 is NaN", ex.Message);
    }

    [Fact]
    public void NaNInCsvColumn_NamesRow() => Assert.Contains("row 2 is NaN", Fails("a,b\n1,2\n3,nan\n", "b").Message);

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e39")] // beyond float range
    public void Infinite_NamesRow(string value) => Assert.Contains("row 2 is infinite", Fails($"1\n{value}\n").Message);

    [Fact]
    public void NonNumeric_NamesRow()
    {
        var ex = Fails("1\n2\n3\nabc\n");
        Assert.Contains("row 4 is not a number", ex.Message);
        Assert.Contains("abc", ex.Message);
    }

    [Fact]
    public void BlankLineInTheMiddle_IsAMissingValue() => Assert.Contains("row 2 is empty", Fails("1\n\n3\n").Message);

    [Fact]
    public void EmptyFile() => Assert.Contains("empty", Fails("").Message);

    [Fact]
    public void HeaderOnly() => Assert.Contains("no values", Fails("x1\n").Message);

    [Fact]
    public void MissingColumn() => Assert.Contains("missing column 'z'", Fails("a,b\n1,2\n", "z").Message);

    [Fact]
    public void SeveralColumnsWithoutChoice_SaysHowToChoose() => Assert.Contains(":COLUMN", Fails("a,b\n1,2\n").Message);

    [Fact]
    public void MissingFile()
    {
        var ex = Assert.Throws<PidInputException>(() => FloatColumnReader.Read(temp.File("gone.csv") + ":a"));
        Assert.Contains("gone.csv: file not found", ex.Message);
    }
}
