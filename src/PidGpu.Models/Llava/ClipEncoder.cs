using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

/// <summary><c>encoder</c>: the list of blocks under <c>layers.{i}</c>.</summary>
internal sealed class ClipEncoder : nn.Module
{
    private readonly ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(ClipVisionConfig c, ScalarType dtype) : base(nameof(ClipEncoder))
    {
        layers = new ModuleList<ClipEncoderLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new ClipEncoderLayer(c, dtype)).ToArray());
        RegisterComponents();
    }

    public int Count => layers.Count;

    /// <summary>Runs the first <paramref name="blocks"/> blocks.</summary>
    public Tensor Run(Tensor h, int blocks)
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < blocks; i++) h = layers[i].forward(h);
        return h.MoveToOuterDisposeScope();
    }
}
