using System.Globalization;
using System.Reflection;
using CommandLine;
using PidGpu.Cli;
using PidGpu.Kernels;
using PidGpu.Kernels.Broja;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="PidDefaults"/> is where the defaults live. Two kinds of place must still spell one out: the kernels' own
/// settings defaults (the kernels assembly cannot see the library, and an embedder calls them without it) and the
/// command line's help text (an attribute argument must be a constant string). Each is held to PidDefaults here.
/// </summary>
public class PidDefaultsTests
{
    static string Help(Type options, string longName) =>
        options.GetProperties().Select(p => p.GetCustomAttribute<OptionAttribute>()).Single(a => a?.LongName == longName)!.HelpText;

    static string Text(double v) => v.ToString("0e0", CultureInfo.InvariantCulture);

    static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void KernelSettingDefaults_AreTheLibrarys()
    {
        var broja = BrojaSettings.Default();
        Assert.Equal(BrojaSettings.Default(PidDefaults.BrojaTargetGapBits).TargetGapNats, broja.TargetGapNats);
        Assert.Equal(PidDefaults.BrojaMaxIterations, broja.MaxIterations);
        Assert.Equal(broja.TargetGapNats, BrojaInteriorPointSettings.Default().TargetGapNats);
        var gpid = GaussianPidSettings.Default(solveBroja: true);
        Assert.Equal(GaussianPidSettings.Default(true, targetGapBits: PidDefaults.GpidTargetGapBits).TargetGapNats, gpid.TargetGapNats);
        Assert.Equal(PidDefaults.GpidMaxIterations, gpid.MaxIterations);
    }

    [Fact]
    public void DecomposeHelp_StatesTheLibrarysDefaults()
    {
        Assert.Contains($"(default {Text(PidDefaults.BrojaTargetGapBits)} discrete, {Text(PidDefaults.GpidTargetGapBits)} gaussian)",
            Help(typeof(DecomposeOptions), "target-gap"));
        Assert.Contains($"(default {Text(PidDefaults.BrojaMaxIterations)} discrete, {Text(PidDefaults.GpidMaxIterations)} gaussian)",
            Help(typeof(DecomposeOptions), "max-iterations"));
        Assert.Contains($"Default {Text(PidDefaults.PcaComponents)}; 0 turns PCA off.", Help(typeof(DecomposeOptions), "pca"));
        Assert.Contains($"Default {Text(PidDefaults.Seed)}.", Help(typeof(DecomposeOptions), "seed"));
        Assert.Contains($"(default {PidDefaults.BrojaMaxSeconds.ToString(CultureInfo.InvariantCulture)})", Help(typeof(DecomposeOptions), "max-seconds"));
        Assert.Contains($"Default {Reduce.PcaSize.Paper.VarianceFraction.ToString(CultureInfo.InvariantCulture)} (the paper's), " +
            $"{Text(PidDefaults.PcaComponents)} for the scene tasks", Help(typeof(LayerRunOptions), "pca"));
    }
}
