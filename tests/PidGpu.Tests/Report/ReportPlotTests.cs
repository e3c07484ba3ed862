using System.Xml.Linq;
using PidGpu.Report;
using PidGpu.Tests.Support;
using SkiaSharp;

namespace PidGpu.Tests;

public class ReportPlotTests
{
    [Fact]
    public void WriteAll_WritesEveryPlotAsDecodablePngAndSvg()
    {
        var dir = Path.Combine(SyntheticRun.TempDir(), "plots");
        var files = RunPlots.WriteAll(SyntheticRun.Build(), dir, 800, 450);

        // 3 tasks × 2 conditions × (stacked, lines) + 3 knockout differences + 2 final-share charts = 17 plots.
        Assert.Equal(34, files.Count);
        Assert.Equal(17, files.Count(f => f.EndsWith(".png")));
        Assert.Equal(3, files.Count(f => f.EndsWith("_ko-diff.png")));
        Assert.Equal(2, files.Count(f => f.EndsWith("_final-shares.png")));
        Assert.Equal(files.Order(), Directory.GetFiles(dir).Order());   // nothing else, no temp files left
        foreach (var png in files.Where(f => f.EndsWith(".png")))
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.Equal((800, 450), (bitmap.Width, bitmap.Height));
            Assert.True(LumaVariance(bitmap) > 100, $"{png} looks blank");
        }
        foreach (var svg in files.Where(f => f.EndsWith(".svg")))
            Assert.Equal("svg", XDocument.Load(svg).Root!.Name.LocalName);
    }

    [Fact]
    public void StackedPlot_ShowsEachAtomsColour()
    {
        var run = SyntheticRun.Build(knockout: false, bands: false);
        var key = run.Series()[0];
        var dir = SyntheticRun.TempDir();
        PlotFile.Save(LayerPlots.StackedArea(key, run.Trajectory(key)), Path.Combine(dir, "s"), 900, 500);
        using var bitmap = SKBitmap.Decode(Path.Combine(dir, "s.png"));
        // Every part of the synthetic run is a band at least ~0.02 bits thick: its colour must be drawn somewhere
        // (allow a small tolerance for antialiasing).
        foreach (var atom in AtomNames.Parts)
            Assert.True(CountNear(bitmap, AtomColors.Of(atom), 40) > 20, $"{atom} colour not found in the stacked plot");
    }

    [Fact]
    public void Plots_OverwriteAtomically()
    {
        var run = SyntheticRun.Build(knockout: false);
        var dir = SyntheticRun.TempDir();
        var key = run.Series()[0];
        var first = PlotFile.Save(LayerPlots.Lines(key, run.Trajectory(key)), Path.Combine(dir, "p"), 400, 300);
        var second = PlotFile.Save(LayerPlots.Lines(key, run.Trajectory(key)), Path.Combine(dir, "p"), 500, 300);
        Assert.Equal(first, second);
        Assert.Equal(2, Directory.GetFiles(dir).Length);
        using var bitmap = SKBitmap.Decode(first[0]);
        Assert.Equal(500, bitmap.Width);
    }

    [Fact]
    public void NegativeAtomsAndZeroTotal_StillRender()
    {
        var run = SyntheticRun.Build(knockout: false, bands: false);
        var records = run.Records.Select(r => r.Layer > 25 ? r with { U1 = -0.05, I = r.I - r.U1 - 0.05 } : r)
            .Select(r => r.Task == "QueryAttr" && r.Layer == 32 ? r with { R = 0, U1 = 0, U2 = 0, S = 0, I = 0 } : r).ToList();
        var dir = SyntheticRun.TempDir();
        var files = RunPlots.WriteAll(run with { Records = records }, dir, 600, 400);
        Assert.Equal(14, files.Count);
        // The task without shares is named on the axis instead of silently missing.
        var svg = File.ReadAllText(files.Single(f => f.EndsWith("_final-shares.svg")));
        Assert.Contains("QueryAttr (L32): I ~ 0, no shares", svg);
    }

    static double LumaVariance(SKBitmap b)
    {
        double sum = 0, sq = 0;
        int n = 0;
        for (int y = 0; y < b.Height; y += 2)
            for (int x = 0; x < b.Width; x += 2)
            {
                var c = b.GetPixel(x, y);
                double l = 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
                sum += l; sq += l * l; n++;
            }
        double mean = sum / n;
        return sq / n - mean * mean;
    }

    static int CountNear(SKBitmap b, ScottPlot.Color target, int tolerance)
    {
        int count = 0;
        for (int y = 0; y < b.Height; y += 2)
            for (int x = 0; x < b.Width; x += 2)
            {
                var c = b.GetPixel(x, y);
                if (Math.Abs(c.Red - target.R) + Math.Abs(c.Green - target.G) + Math.Abs(c.Blue - target.B) <= tolerance) count++;
            }
        return count;
    }
}
