using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu analyze --model models/tiny-vlm</c> (the scene tasks, through the question path): the intact rows of layers.csv are
/// the same bytes whether or not <c>--knockout</c> windows run beside them. Each condition's PCA, copula and bootstrap are
/// fitted on that condition's own rows, and the knockout passes that run between a task's intact passes (and before the next
/// task's) leave no trace in them. Existence comes first so that Attribute's intact rows follow Existence's knockouts.
/// (A report of 7 of 50 intact rows moving "with knockouts" compared the deleted batched scene route, whose X_L mean and
/// all-position logits differed from this path's in the last float32 bit, with this path: the copula's ranks turn such a
/// bit into a visible change where it splits a tie, as in the layer-0 states of a few distinct questions.)
/// </summary>
public class CliAnalyzeKnockoutIntactTests
{
    static string ModelDirectory => Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm");

    [Fact]
    public void IntactRows_AreTheSameBytes_WithOrWithoutKnockouts()
    {
        using var temp = new TempFolder();
        // 60 per task: both tasks are answered without error, so every sample is kept and the task reaches the 60 it needs.
        string[] common = ["analyze", "--model", ModelDirectory, "--tasks", "Existence,Attribute", "--samples", "60", "--bootstrap", "8", "--device", "cpu"];
        var alone = CliRun.Of([.. common, "--out", temp.File("alone")]);
        Assert.True(alone.ExitCode == ExitCodes.Success, alone.ToString());
        var beside = CliRun.Of([.. common, "--knockout", "0-1,0-3", "--out", temp.File("beside")]);
        Assert.True(beside.ExitCode == ExitCodes.Success, beside.ToString());

        string[] Intact(string run) => File.ReadAllLines(Path.Combine(temp.File(run), RunResults.LayersFileName))
            .Where(line => line.Split(',')[3] == Conditions.Intact).ToArray();
        var intact = Intact("alone");
        Assert.Equal(2 * 5, intact.Length); // both tasks, 5 states each
        Assert.Equal(3 * 2 * 5, File.ReadAllLines(Path.Combine(temp.File("beside"), RunResults.LayersFileName)).Length - 1);
        Assert.Equal(intact, Intact("beside"));
    }
}
