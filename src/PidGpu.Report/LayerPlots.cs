using ScottPlot;

namespace PidGpu.Report;

/// <summary>
/// The plots of a run, built from its records (no computation beyond differences and shares). Layers are on the
/// x axis by hidden-state index (0 = embedding output); information in bits.
/// </summary>
public static class LayerPlots
{
    /// <summary>The four atoms stacked over layers, with I drawn as a black line (the stack's top edge when no atom
    /// is negative). Negative estimates (noise around 0) are drawn as 0 in the stack, since a band cannot have
    /// negative thickness; the I line then shows the true total.</summary>
    public static Plot StackedArea(SeriesKey key, IReadOnlyList<LayerRecord> trajectory)
    {
        var plot = NewPlot($"Stacked PID atoms: {Name(key)}", "Layer (0 = embedding output)", "Information (bits)");
        double[] xs = trajectory.Select(r => (double)r.Layer).ToArray();
        var bottom = new double[xs.Length];
        foreach (var atom in AtomNames.Parts)
        {
            var top = bottom.Select((b, i) => b + Math.Max(0, trajectory[i].Get(atom))).ToArray();
            var fill = plot.Add.FillY(xs, top, bottom);
            fill.FillColor = AtomColors.Of(atom);
            fill.LineColor = AtomColors.Of(atom);
            fill.LegendText = AtomNames.Describe(atom);
            bottom = top;
        }
        var total = plot.Add.Scatter(xs, trajectory.Select(r => r.I).ToArray(), AtomColors.Of(Atom.I));
        total.LineWidth = 1.5f; // solid: Skia's SVG canvas cannot draw dash effects (it prints a warning per path)
        total.MarkerSize = 0;
        total.LegendText = AtomNames.Describe(Atom.I);
        plot.Axes.Margins(horizontal: 0, vertical: 0.05);
        plot.Axes.SetLimitsY(Math.Min(0, trajectory.Min(r => r.I)), Math.Max(1e-9, Math.Max(bottom.Max(), trajectory.Max(r => r.I))) * 1.08);
        return plot;
    }

    /// <summary>Each atom as a line over layers, with its bootstrap interval as a band when the records have one.</summary>
    public static Plot Lines(SeriesKey key, IReadOnlyList<LayerRecord> trajectory)
    {
        var plot = NewPlot($"PID atoms: {Name(key)}", "Layer (0 = embedding output)", "Information (bits)");
        double[] xs = trajectory.Select(r => (double)r.Layer).ToArray();
        bool bands = trajectory.All(r => r.Lower is not null && r.Upper is not null);
        foreach (var atom in AtomNames.Parts)
        {
            if (bands)
            {
                var band = plot.Add.FillY(xs,
                    trajectory.Select(r => LayerRecord.Get(r.Lower!, atom)).ToArray(),
                    trajectory.Select(r => LayerRecord.Get(r.Upper!, atom)).ToArray());
                band.FillColor = AtomColors.Of(atom).WithAlpha(0.25);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, trajectory.Select(r => r.Get(atom)).ToArray(), AtomColors.Of(atom));
            line.LineWidth = 2.5f;
            line.MarkerSize = 5;
            line.LegendText = AtomNames.Describe(atom);
        }
        if (bands) plot.Title($"PID atoms (bands: bootstrap interval): {Name(key)}", size: 16);
        TightLayers(plot, xs);
        return plot;
    }

    /// <summary>Share of I carried by each atom at each task's last layer (grouped bars, one group per task).
    /// A task whose last-layer I is ~0 bits gets no bars (its shares are undefined).</summary>
    public static Plot FinalShares(string model, string condition, IReadOnlyList<IReadOnlyList<LayerRecord>> trajectoriesByTask)
    {
        var plot = NewPlot($"Share of I at the last layer: {model}, {condition}",
            "Task", "Share of total I (%)");
        var atoms = AtomNames.Parts;
        double groupWidth = atoms.Length + 1;
        var ticks = new List<(double, string)>();
        var legendDone = new HashSet<Atom>();
        for (int t = 0; t < trajectoriesByTask.Count; t++)
        {
            var last = trajectoriesByTask[t].MaxBy(r => r.Layer)!;
            bool undefined = Math.Abs(last.I) < ReadOff.ZeroBits;
            ticks.Add((t * groupWidth + (atoms.Length - 1) / 2.0,
                undefined ? $"{last.Task} (L{last.Layer}): I ~ 0, no shares" : $"{last.Task} (L{last.Layer})"));
            for (int a = 0; a < atoms.Length; a++)
            {
                var share = ReadOff.Ratio(last.Get(atoms[a]), last.I, "I");
                if (share.Value is not double v) continue;
                var bar = plot.Add.Bar(new Bar
                {
                    Position = t * groupWidth + a,
                    Value = 100 * v,
                    FillColor = AtomColors.Of(atoms[a]),
                    LineWidth = 0,
                });
                if (legendDone.Add(atoms[a])) bar.LegendText = AtomNames.Describe(atoms[a]);
            }
        }
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(-1, trajectoriesByTask.Count * groupWidth - 1);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        return plot;
    }

    /// <summary>Knockout minus intact, per atom and layer (bits), for one model and task; 0 is marked.</summary>
    public static Plot KnockoutDifferences(SeriesKey knockoutKey, IReadOnlyList<LayerRecord> intact, IReadOnlyList<LayerRecord> knockout)
    {
        var plot = NewPlot($"Knockout − intact: {knockoutKey.Model}, {knockoutKey.Task}, {knockoutKey.Condition}",
            "Layer (0 = embedding output)", "Δ information (bits, knockout − intact)");
        var baseline = intact.ToDictionary(r => r.Layer);
        var common = knockout.Where(r => baseline.ContainsKey(r.Layer)).OrderBy(r => r.Layer).ToList();
        double[] xs = common.Select(r => (double)r.Layer).ToArray();
        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        foreach (var atom in AtomNames.All)
        {
            var line = plot.Add.Scatter(xs, common.Select(r => r.Get(atom) - baseline[r.Layer].Get(atom)).ToArray(), AtomColors.Of(atom));
            line.LineWidth = atom == Atom.I ? 1.5f : 2.5f;
            line.MarkerSize = 5;
            if (atom == Atom.I) line.LineWidth = 3; // solid, thicker: dashes do not survive the SVG export
            line.LegendText = "Δ" + AtomNames.Describe(atom);
        }
        TightLayers(plot, xs);
        return plot;
    }

    /// <summary>The x axis spans the layers with half a layer either side (no empty layer -1 or L+1).</summary>
    static void TightLayers(Plot plot, double[] xs)
    {
        if (xs.Length > 0) plot.Axes.SetLimitsX(xs.Min() - 0.5, xs.Max() + 0.5);
    }

    static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title, size: 16);
        plot.XLabel(x, size: 14);
        plot.YLabel(y, size: 14);
        plot.ShowLegend(Edge.Right);
        // Layers are whole numbers: one tick per layer, none in between.
        if (x.StartsWith("Layer", StringComparison.Ordinal))
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        return plot;
    }

    static string Name(SeriesKey key) => $"{key.Model}, {key.Task}, {key.Condition}";
}
