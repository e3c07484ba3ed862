using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

/// <summary>
/// An attention knockout: in the decoder layers <see cref="Layers"/> (0-based), a query position may not attend to the key
/// positions <see cref="Blocked"/> marks (−∞ added to those logits before softmax, every head), on top of the causal mask.
/// A position always keeps its own key, so no softmax row is empty.
/// </summary>
public sealed class AttentionKnockout : IDisposable
{
    /// <param name="layers">Decoder layers where the knockout applies; any window or set.</param>
    /// <param name="blocked">Bool [B, T, T] or [T, T]: true at (query, key) pairs to cut.</param>
    public AttentionKnockout(IEnumerable<int> layers, Tensor blocked)
    {
        if (blocked.dtype != ScalarType.Bool || blocked.dim() is not (2 or 3) || blocked.shape[^1] != blocked.shape[^2])
            throw new ArgumentException($"blocked must be a bool [B, T, T] or [T, T] tensor, got {blocked.dtype} [{string.Join(", ", blocked.shape)}].", nameof(blocked));
        Layers = layers.ToHashSet();
        Blocked = blocked.alias().DetachFromDisposeScope(); // owned by this object, whatever scope created it
    }

    public IReadOnlySet<int> Layers { get; }

    public Tensor Blocked { get; }

    /// <summary>
    /// The paper's Image→Question knockout: queries at <paramref name="queryPositions"/> (negative counts from the end, e.g. −1 =
    /// the last position) may not attend to keys where <paramref name="inputIds"/> [B, T] equals <paramref name="imageTokenIndex"/>.
    /// </summary>
    public static AttentionKnockout ImageToPositions(Tensor inputIds, long imageTokenIndex, IEnumerable<int> queryPositions, IEnumerable<int> layers)
    {
        long t = inputIds.shape[^1];
        var queries = new bool[t];
        foreach (int p in queryPositions)
        {
            long at = p < 0 ? p + t : p;
            if (at < 0 || at >= t) throw new ArgumentOutOfRangeException(nameof(queryPositions), p, $"the sequence has {t} positions.");
            queries[at] = true;
        }
        using var queryMask = torch.tensor(queries).view(1, t).expand(inputIds.shape[0], t);
        return ImageToQueries(inputIds, imageTokenIndex, queryMask, layers);
    }

    /// <summary>
    /// The paper's Image→Question knockout for one sequence [1, T]: the queries at positions [<paramref name="start"/>,
    /// <paramref name="end"/>) (the question's tokens, X_L) may not attend to image-token keys; every other query, the last
    /// position included, attends as in the intact model.
    /// </summary>
    public static AttentionKnockout ImageToRange(Tensor inputIds, long imageTokenIndex, int start, int end, IEnumerable<int> layers)
    {
        long t = inputIds.shape[^1];
        if (start < 0 || end > t || start >= end)
            throw new ArgumentOutOfRangeException(nameof(start), $"query range [{start}, {end}) is not inside the {t} positions.");
        var queries = new bool[t];
        Array.Fill(queries, true, start, end - start);
        using var queryMask = torch.tensor(queries).view(1, t).expand(inputIds.shape[0], t);
        return ImageToQueries(inputIds, imageTokenIndex, queryMask, layers);
    }

    /// <summary>As <see cref="ImageToPositions"/> with a bool query mask [B, T] (e.g. question tokens and the last position).</summary>
    public static AttentionKnockout ImageToQueries(Tensor inputIds, long imageTokenIndex, Tensor queryMask, IEnumerable<int> layers)
    {
        using var scope = NewDisposeScope();
        using var imageId = imageTokenIndex.ToScalar();                 // explicit, see ScalarMath
        var keys = inputIds.eq(imageId);                                // [B, T]
        var blocked = queryMask.to(ScalarType.Bool).unsqueeze(-1).logical_and(keys.unsqueeze(-2)); // [B, Tq, Tk]
        return new AttentionKnockout(layers, blocked);
    }

    /// <summary>Causal mask plus this knockout, additive [B, 1, T, T] (0 or −∞), the diagonal always open, on <paramref name="device"/>
    /// (default the CPU).</summary>
    internal Tensor AdditiveMask(long batch, long t, torch.Device? device = null)
    {
        if (Blocked.shape[^1] != t || (Blocked.dim() == 3 && Blocked.shape[0] != batch && Blocked.shape[0] != 1))
            throw new ArgumentException($"the knockout mask [{string.Join(", ", Blocked.shape)}] does not fit a batch of {batch} sequences of {t} tokens.");
        using var scope = NewDisposeScope();
        var cut = torch.ones(t, t, ScalarType.Bool).triu(1).logical_or(Blocked).logical_and(torch.eye(t, t, ScalarType.Bool).logical_not());
        if (cut.dim() == 2) cut = cut.unsqueeze(0);
        using var minusInfinity = float.NegativeInfinity.ToScalar();
        var mask = torch.zeros(cut.shape, ScalarType.Float32).masked_fill(cut, minusInfinity);
        return mask.unsqueeze(1).to(device ?? torch.CPU).MoveToOuterDisposeScope();
    }

    public void Dispose() => Blocked.Dispose();
}
