using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Flow;

/// <summary>
/// Fits a RealNVP normalizing flow (Dinh, Sohl-Dickstein &amp; Bengio 2017) that maps one variable's samples to
/// N(0, I) — PID Flow step 2 (PAPER.md). Rows are split once into a training part and a disjoint held-out part;
/// the flow is trained by Adam on mini-batch NLL of the training part (columns standardised with its mean/std) and
/// judged on the held-out part. Double precision throughout; initialisation, split and batch order come only from
/// <see cref="FlowOptions.Seed"/> (its own generator, not torch's global one), so equal inputs give equal flows.
/// </summary>
public static class FlowGaussianizer
{
    /// <summary>Trains a flow on a row-major <paramref name="rows"/> × <paramref name="cols"/> matrix.</summary>
    /// <exception cref="PidInputException">Bad shape, non-finite or constant data, too few rows, or bad options.</exception>
    public static FittedFlow Fit(double[] data, int rows, int cols, FlowOptions? options = null)
    {
        var o = options ?? new FlowOptions();
        CheckOptions(o);
        FlowInput.CheckMatrix(data, rows, cols, "flow input");
        if (rows < 2 * o.BatchSize)
            throw new PidInputException($"flow input has {rows} rows; training needs at least 2 × batch size = {2 * o.BatchSize} (lower the batch size or give more rows).");
        int trainRows = (int)Math.Round(rows * o.TrainFraction), heldOutRows = rows - trainRows;
        if (trainRows < o.BatchSize || heldOutRows < 2)
            throw new PidInputException($"flow split of {rows} rows at train fraction {o.TrainFraction} gives {trainRows} training rows (need ≥ batch size {o.BatchSize}) and {heldOutRows} held-out rows (need ≥ 2).");

        TorchRuntime.EnsureLoaded();
        var clock = Stopwatch.StartNew();
        var rng = new Random(o.Seed);
        int[] order = Enumerable.Range(0, rows).ToArray();
        rng.Shuffle(order);
        int[] trainIdx = order[..trainRows].Order().ToArray(), heldIdx = order[trainRows..].Order().ToArray();

        var (mean, std) = Standardiser(data, cols, trainIdx);
        double[] train = Standardise(Gather(data, cols, trainIdx), cols, mean, std);
        double[] held = Standardise(Gather(data, cols, heldIdx), cols, mean, std);

        using var generator = new Generator((ulong)o.Seed);
        var net = new FlowNetwork(cols, o, generator);
        // One intra-op thread: these small matrices gain nothing from more, OpenMP spin-waiting costs a lot on a
        // shared CPU, and a fixed thread count keeps reductions in one order (bit-reproducible fits).
        int threads = get_num_threads();
        set_num_threads(1);
        try
        {
            var losses = Train(net, train, trainRows, cols, o, rng);
            return new FittedFlow(net, o, mean, std, trainIdx, heldIdx, losses, train, held, clock);
        }
        catch
        {
            net.Dispose();
            throw;
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private static List<double> Train(FlowNetwork net, double[] train, int rows, int cols, FlowOptions o, Random rng)
    {
        var parameters = net.Parameters;
        using var x = tensor(train, new long[] { rows, cols }, ScalarType.Float64);
        using var adam = optim.Adam(parameters, o.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: o.WeightDecay);
        var losses = new List<double>(o.Steps);
        int[] epoch = Enumerable.Range(0, rows).ToArray();
        int cursor = rows; // forces a shuffle before the first batch
        var batch = new long[o.BatchSize];
        for (int step = 0; step < o.Steps; step++)
        {
            using var gcHold = TorchGc.Hold();
            // Batches walk a fresh permutation each epoch (sampling without replacement).
            for (int b = 0; b < batch.Length; b++)
            {
                if (cursor == rows) { rng.Shuffle(epoch); cursor = 0; }
                batch[b] = epoch[cursor++];
            }
            using var scope = NewDisposeScope();
            adam.zero_grad();
            var loss = -net.LogProb(x.index_select(0, tensor(batch)), training: true).mean();
            loss.backward();
            nn.utils.clip_grad_norm_(parameters, o.GradClip);
            adam.step();
            double value = loss.item<double>();
            if (!double.IsFinite(value))
                throw new PidInputException($"flow training diverged: non-finite loss at step {step} (lower the learning rate or check the input's scale).");
            losses.Add(value);
        }
        net.CalibrateBatchNorms(x);
        return losses;
    }

    private static void CheckOptions(FlowOptions o)
    {
        if (o.Blocks < 1) throw new PidInputException($"flow blocks must be ≥ 1 (got {o.Blocks}).");
        if (o.Hidden < 1) throw new PidInputException($"flow hidden size must be ≥ 1 (got {o.Hidden}).");
        if (o.Steps < 1) throw new PidInputException($"flow steps must be ≥ 1 (got {o.Steps}).");
        if (o.BatchSize < 2) throw new PidInputException($"flow batch size must be ≥ 2 for batch norm (got {o.BatchSize}).");
        if (!(o.LearningRate > 0) || !double.IsFinite(o.LearningRate)) throw new PidInputException($"flow learning rate must be a positive number (got {o.LearningRate}).");
        if (!(o.WeightDecay >= 0) || !double.IsFinite(o.WeightDecay)) throw new PidInputException($"flow weight decay must be ≥ 0 (got {o.WeightDecay}).");
        if (!(o.GradClip > 0) || !double.IsFinite(o.GradClip)) throw new PidInputException($"flow gradient clip must be a positive number (got {o.GradClip}).");
        if (!(o.TrainFraction > 0 && o.TrainFraction < 1)) throw new PidInputException($"flow train fraction must lie strictly between 0 and 1 (got {o.TrainFraction}).");
    }

    private static (double[] Mean, double[] Std) Standardiser(double[] data, int cols, int[] rows)
    {
        var mean = new double[cols];
        var std = new double[cols];
        for (int c = 0; c < cols; c++)
        {
            double m = 0, v = 0;
            foreach (int r in rows) m += data[r * cols + c];
            m /= rows.Length;
            foreach (int r in rows) { double d = data[r * cols + c] - m; v += d * d; }
            double s = Math.Sqrt(v / rows.Length);
            if (!(s > 1e-12 * Math.Max(1, Math.Abs(m))))
                throw new PidInputException($"flow input column {c} is constant on the training rows; a flow cannot Gaussianize it (drop the column).");
            mean[c] = m;
            std[c] = s;
        }
        return (mean, std);
    }

    private static double[] Gather(double[] data, int cols, int[] rows)
    {
        var o = new double[rows.Length * cols];
        for (int i = 0; i < rows.Length; i++) Array.Copy(data, (long)rows[i] * cols, o, (long)i * cols, cols);
        return o;
    }

    internal static double[] Standardise(double[] data, int cols, double[] mean, double[] std)
    {
        var o = new double[data.Length];
        for (int i = 0; i < data.Length; i++) o[i] = (data[i] - mean[i % cols]) / std[i % cols];
        return o;
    }
}
