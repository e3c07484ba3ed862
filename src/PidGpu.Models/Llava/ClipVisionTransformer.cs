using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary><c>vision_model</c>: embeddings → pre_layrnorm → pre-LN encoder (post_layernorm is loaded but LLaVA does not use it).</summary>
internal sealed class ClipVisionTransformer : nn.Module
{
    private readonly ClipEmbeddings embeddings;
    private readonly LayerNorm pre_layrnorm; // sic: the Hugging Face spelling
    private readonly ClipEncoder encoder;
    private readonly LayerNorm post_layernorm;

    public ClipVisionTransformer(ClipVisionConfig c, ScalarType dtype) : base(nameof(ClipVisionTransformer))
    {
        embeddings = new ClipEmbeddings(c, dtype);
        pre_layrnorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps, dtype: dtype);
        encoder = new ClipEncoder(c, dtype);
        post_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps, dtype: dtype);
        RegisterComponents();
    }

    public Tensor HiddenState(Tensor pixelValues, int layer)
    {
        int count = encoder.Count;
        int stop = layer < 0 ? layer + count + 1 : layer;
        if (stop < 0 || stop > count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"the vision tower has {count + 1} hidden states.");
        using var scope = NewDisposeScope();
        var h = pre_layrnorm.forward(embeddings.forward(pixelValues));
        h = encoder.Run(h, stop);
        return h.MoveToOuterDisposeScope();
    }
}
