using System.Diagnostics;
using PidGpu.Report;
using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Estimate;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Capture;
using PidGpu.Pipeline;
using PidGpu.Progress;
using PidGpu.Uncertainty;
using PidGpu.Gaussianize;
using PidGpu.Reduce;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The per-layer estimation of a layer-wise run, on captured arrays whatever made them (a scene forward pass or a states file):
/// for one task and condition, per layer ℓ the PID of Y from X1 = the pooled image-token state and X2 = the pooled question-token
/// state, by PCA → copula → Gaussian MMI, or by PCA → k-means codes → BROJA (<see cref="LayerEstimator"/>).
/// </summary>
internal static class LayerEstimation
{
    public static void Run(LayerSources sources, LayerRun run)
    {
        if (Resumed(sources, run)) return;
        float[] target = run.O.Target == LayerTarget.Answer ? sources.Classes.Select(c => (float)c).ToArray() : sources.Target;
        var context = new LayerContext(run, sources);
        try
        {
            if (run.O.Estimator == LayerEstimator.Discrete) DiscreteLayers(context, target, sources.Classes, sources.ClassCount);
            else GaussianLayers(context, target);
        }
        catch (PidInputException e) when (e.Row is { } row && row >= 0 && row < sources.SampleIds.Count && IsNonFinite(e))
        {
            throw NonFiniteState(e, sources.SampleIds[(int)row]);
        }
    }

    /// <summary>Whether the error is about a NaN or ±∞ at one row (its <see cref="PidInputException.Value"/>).</summary>
    static bool IsNonFinite(PidInputException e) => e.Value is { } v && !double.IsFinite(v);

    /// <summary>
    /// A layer's states hold a NaN or ±∞: a model's activations, not a table a user can edit, so the error names the sample
    /// and the likely cause instead of the estimators' remedy (dropping rows is a setting of the matrix routes, not of a
    /// layer-wise run, whose rows must be the same samples in every layer).
    /// </summary>
    static PidInputException NonFiniteState(PidInputException e, string sampleId)
    {
        string problem = $"{(e.Problem ?? e.Message).TrimEnd('.')} (sample '{sampleId}')";
        return new PidInputException($"{problem}. The captured layer states must be finite: a forward pass in f16 or bf16 can overflow " +
            "(capture in f32), or the states file was altered.", e)
        {
            Problem = problem, Row = e.Row, Column = e.Column, Value = e.Value,
        };
    }

    /// <summary>Takes every layer of this task and condition from the checkpoint when an earlier run finished them all.</summary>
    static bool Resumed(LayerSources sources, LayerRun run)
    {
        int layers = sources.States.LayerCount;
        if (run.O.Checkpoint is not { } checkpoint || !checkpoint.HasAll(sources.Task, run.Condition, layers)) return false;
        for (int layer = 0; layer < layers; layer++) run.Records.Add(checkpoint.Finished(sources.Task, run.Condition, layer)!);
        run.Progress.Advance(run.Meter, layers, 0);
        return true;
    }

    sealed record LayerContext(LayerRun Run, LayerSources Sources)
    {
        public PidDevice Device => Run.Device;
        public LayerwiseOptions O => Run.O;
        public string Task => Sources.Task;
        public string Condition => Run.Condition;
        public Dictionary<string, double> Stages => Run.Stages;
        public RunProgress Progress => Run.Progress;
        public StageMeter Meter => Run.Meter;
        public CancellationToken Cancel => Run.Cancel;
        public int LayerCount => Sources.States.LayerCount;

        // One layer's analysed rows at a time: the caller drops it before the next layer is read. Reading them from the capture
        // is the "capture" stage.
        public InMemoryMatrix Vision(int layer) => Read(layer, StateRegion.Vision, "vision");

        public InMemoryMatrix Language(int layer) => Read(layer, StateRegion.Language, "language");

        InMemoryMatrix Read(int layer, StateRegion region, string name)
        {
            var clock = Stopwatch.StartNew();
            var rows = Sources.States.ReadLayer(layer, region, Sources.Rows);
            int n = Sources.Rows.Length, d = Sources.States.HiddenSize;
            var constant = ConstantFeatures.Find(rows, n, d);
            Stages["capture"] += clock.Elapsed.TotalSeconds;
            string label = $"{Task} layer {layer} {name}";
            if (constant.Length == 0) return new(rows, d, label);
            if (constant.Length == d)
                throw new PidInputException($"{label}: all {d} features are the same in every one of the {n} samples, so the region " +
                    "carries no information; the model's states do not vary with the input here.");
            Progress.Log($"{label}: {constant.Length} of {d} features are constant over the {n} samples (no information) and are left " +
                $"out (columns {string.Join(", ", constant.Take(8))}{(constant.Length > 8 ? ", ..." : "")})");
            return new(ConstantFeatures.Without(rows, n, d, constant), d - constant.Length, label);
        }

        /// <summary>Records one layer's atoms, with its bootstrap interval when there is one.</summary>
        public void Add(int layer, PidAtoms a, BootstrapSummary? boot)
        {
            Run.Records.Add(new LayerRecord(Run.Model, Task, layer, Condition, a.R, a.U1, a.U2, a.S, a.I, Sources.Rows.Length)
            {
                Accuracy = Run.Accuracy,
                Lower = boot?.Lower,
                Upper = boot?.Upper,
            });
            O.Checkpoint?.Saved(Run.Records);
        }

        /// <summary>Takes this layer from the checkpoint when the earlier run finished it (the Gaussian route's layers stand alone).</summary>
        public bool Resumed(int layer)
        {
            if (O.Checkpoint?.Finished(Task, Condition, layer) is not { } record) return false;
            Run.Records.Add(record);
            Progress.Advance(Meter, 1, 0);
            return true;
        }
    }

    static void GaussianLayers(LayerContext c, float[] target)
    {
        var o = c.O;
        var y = new InMemoryMatrix(target, 1, $"{c.Task} target");
        var flow = new PidFlow(c.Device);
        var settings = new PidFlowSettings
        {
            PcaComponents = o.Pca,
            Gaussianizer = o.Copula ? new CopulaStage(c.Device) : null,
            Measures = [PidMeasures.Mmi],
            Resampling = new ResamplingOptions(o.Bootstrap, 0, (ulong)o.Seed),
        };
        // On an accelerator the layer's data stay on the device from upload to atoms; ILGPU's CPU accelerator keeps PidFlow's
        // faster host back-ends.
        var resident = c.Device.Kind != DeviceKind.Cpu && ResidentPidFlow.Supports(settings) ? new ResidentPidFlow(c.Device) : null;
        for (int layer = 0; layer < c.LayerCount; layer++)
        {
            c.Cancel.ThrowIfCancellationRequested();
            if (c.Resumed(layer)) continue;
            GaussianEstimate e;
            PidFlowTimings timings;
            if (resident is not null)
            {
                var result = resident.Run(c.Vision(layer), c.Language(layer), y, settings);
                (e, timings) = (result.Mmi!, result.Timings);
            }
            else
            {
                var result = flow.Run(c.Vision(layer), c.Language(layer), y, settings);
                (e, timings) = (result.Mmi!, result.Timings);
                LogChosenK(c, layer, result.Variables);
            }
            c.Stages["reduce"] += timings.ReduceSeconds;
            c.Stages["gaussianize"] += timings.GaussianizeSeconds;
            c.Stages["estimate"] += timings.EstimateSeconds;
            c.Add(layer, e.Atoms, e.Bootstrap);
            c.Progress.Advance(c.Meter, 1, timings.TotalSeconds);
        }
    }

    /// <summary>Under a variance fraction k differs by layer and source: say which k each took and what share it explains.</summary>
    static void LogChosenK(LayerContext c, int layer, IEnumerable<ReducedVariable> variables)
    {
        if (!c.O.Pca.IsFraction) return;
        var kept = variables.Where(v => v.Pca is not null)
            .Select(v => $"{v.Name} {v.Columns} of {v.InputColumns} components ({v.Pca!.ExplainedVarianceRatio:P1} of the variance)");
        c.Progress.Log($"{c.Task} {c.Condition} layer {layer}: pca {c.O.Pca}: {string.Join(", ", kept)}");
    }

    /// <summary>
    /// Discrete route for all layers of one task and condition. Stage timing: PCA and the discretisation (k-means codes, Y's
    /// quantile bins, the joint tables) count as "reduce", BROJA (and its bootstrap) as "estimate"; "gaussianize" stays 0.
    /// All layers' tables go to the engine in one batch, so a cancel lands between layers of the coding (dropping this
    /// condition), after the batch, or between layers' bootstraps (keeping the layers already bootstrapped).
    /// </summary>
    static void DiscreteLayers(LayerContext c, float[] target, int[] classes, int answerCount)
    {
        var o = c.O;
        var clock = Stopwatch.StartNew();
        double captureBefore = c.Stages["capture"];
        var (y, ny) = o.Target == LayerTarget.Answer
            ? (classes, answerCount)
            : (new Binner(c.Device).Bin(target, o.Bins, BinningMode.Quantile, $"{c.Task} target (logit)"), o.Bins);
        var histogrammer = new JointHistogrammer(c.Device);
        var codes = new List<(int[] X1, int[] X2, int N1, int N2)>();
        var joints = new List<JointDistribution>();
        for (int layer = 0; layer < c.LayerCount; layer++)
        {
            c.Cancel.ThrowIfCancellationRequested();
            var x1 = DiscreteRoute.ReduceAndCode(c.Device, "X1", c.Vision(layer), o.Pca, o.Bins, DiscretizeMode.KMeans, o.Seed);
            var x2 = DiscreteRoute.ReduceAndCode(c.Device, "X2", c.Language(layer), o.Pca, o.Bins, DiscretizeMode.KMeans, o.Seed);
            LogChosenK(c, layer, [x1.Variable, x2.Variable]);
            codes.Add((x1.Codes, x2.Codes, x1.Alphabet, x2.Alphabet));
            joints.Add(histogrammer.Count([(x1.Codes, x2.Codes, y)], x1.Alphabet, x2.Alphabet, ny, $"{c.Task} {c.Condition} layer {layer}")[0]);
        }
        double reduceSeconds = clock.Elapsed.TotalSeconds - (c.Stages["capture"] - captureBefore); // reading the states is "capture"
        c.Stages["reduce"] += reduceSeconds;
        c.Cancel.ThrowIfCancellationRequested();

        clock.Restart();
        var broja = new BrojaOptions(o.BrojaGapBits, o.BrojaMaxIterations);
        var engine = new DiscretePidEngine(c.Device);
        var resampler = o.Bootstrap > 0 ? new DiscreteResampler(c.Device) : null;
        var resampling = new ResamplingOptions(o.Bootstrap, 0, (ulong)o.Seed);
        try
        {
            var solved = engine.Decompose(joints, [PidMeasures.Broja], broja);
            // Each layer is credited an equal share of the coding and the batch, plus its own bootstrap, so the bar moves per layer.
            double shared = (reduceSeconds + clock.Elapsed.TotalSeconds) / solved.Count;
            for (int layer = 0; layer < solved.Count; layer++)
            {
                double start = clock.Elapsed.TotalSeconds;
                var a = solved[layer].Broja!;
                if (!a.Converged)
                    c.Progress.Log($"{c.Task} {c.Condition} layer {layer}: BROJA did not converge in {a.Iterations} iterations; " +
                        $"gap {a.GapBits:E2} bits > target {o.BrojaGapBits:E2} (atoms within the gap of their exact values)");
                BootstrapSummary? boot = null;
                if (resampler is not null)
                {
                    c.Cancel.ThrowIfCancellationRequested();
                    var (x1, x2, n1, n2) = codes[layer];
                    var replicates = engine.Decompose(resampler.Joints(x1, x2, y, n1, n2, ny, resampling, bootstrap: true), [PidMeasures.Broja], broja);
                    boot = ReplicateStatistics.Bootstrap(a, replicates.Select(r => (PidAtoms)r.Broja!).ToArray(),
                        resampling.Seed, resampling.LowerQuantile, resampling.UpperQuantile);
                }
                c.Add(layer, a, boot);
                c.Progress.Advance(c.Meter, 1, shared + clock.Elapsed.TotalSeconds - start);
            }
        }
        finally
        {
            c.Stages["estimate"] += clock.Elapsed.TotalSeconds; // kept on cancel too, like the finished layers
        }
    }
}
