using System.Reflection;
using CommandLine;
using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary>
/// The model-command registry that splits the estimator tool (`pidgpu`, no TorchSharp) from the full command line
/// (`pidgpu-models`): the estimator tool answers the names in <see cref="ModelCommands.Names"/> with the other tool, so
/// they must be exactly the verbs that the full command line registers as model commands. (scripts/pack.sh runs the
/// estimator tool itself.)
/// </summary>
public class CliModelCommandsTests
{
    [Fact]
    public void Names_AreTheRegisteredModelVerbs()
    {
        var registered = ModelCommands.Verbs.Select(t => t.GetCustomAttribute<VerbAttribute>()!.Name).Order().ToArray();
        Assert.Equal(ModelCommands.Names.Order().ToArray(), registered);
    }

    [Fact]
    public void FullCommandLine_RunsModelVerbs_AndLeavesNoneElsewhere()
    {
        Assert.Null(ModelCommands.NotInThisTool(["analyze", "--model", "m"]));
        Assert.Null(ModelCommands.HelpLine);
        // The verb list names every model command (none is left to the other tool).
        var run = CliRun.Of(["--help"]);
        foreach (var verb in ModelCommands.Names)
            Assert.Contains(verb, run.Stdout);
        Assert.DoesNotContain("pidgpu-models", run.Stdout);
    }
}
