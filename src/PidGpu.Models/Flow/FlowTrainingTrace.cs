namespace PidGpu.Models.Flow;

/// <summary>
/// Summary of the training loss (mean negative log-likelihood per row of the standardised mini-batch, nats).
/// <see cref="WindowMeans"/> splits the steps into up to 20 equal windows; <see cref="Plateaued"/> says the last
/// two windows differ by less than 0.01 nats per dimension, i.e. more steps would barely change the fit.
/// </summary>
public sealed record FlowTrainingTrace(
    int Steps,
    double InitialLoss,
    double FinalLoss,
    double BestWindowLoss,
    IReadOnlyList<double> WindowMeans,
    double LastWindowChange,
    bool Plateaued)
{
    internal static FlowTrainingTrace From(IReadOnlyList<double> losses, int dims)
    {
        int windows = Math.Min(20, losses.Count), size = losses.Count / windows;
        var means = new double[windows];
        for (int w = 0; w < windows; w++)
        {
            int from = w * size, to = w == windows - 1 ? losses.Count : from + size;
            double sum = 0;
            for (int i = from; i < to; i++) sum += losses[i];
            means[w] = sum / (to - from);
        }
        double change = windows > 1 ? means[^1] - means[^2] : double.NaN;
        return new FlowTrainingTrace(losses.Count, means[0], means[^1], means.Min(), means, change,
            windows > 1 && Math.Abs(change) < 0.01 * dims);
    }
}
