using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary><c>vision_tower</c>: holds <c>vision_model</c> as CLIPVisionModel does.</summary>
internal sealed class ClipVisionTower : nn.Module
{
    private readonly ClipVisionTransformer vision_model;

    public ClipVisionTower(ClipVisionConfig c, ScalarType dtype) : base(nameof(ClipVisionTower))
    {
        vision_model = new ClipVisionTransformer(c, dtype);
        RegisterComponents();
    }

    /// <summary>Hidden state <paramref name="layer"/> (0 = embeddings after pre_layrnorm, i = after block i; negative counts from the end).</summary>
    public Tensor HiddenState(Tensor pixelValues, int layer) => vision_model.HiddenState(pixelValues, layer);
}

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

/// <summary>Patch convolution (no bias), a learned class token prepended, learned absolute position embeddings.</summary>
internal sealed class ClipEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Parameter class_embedding;
    private readonly Conv2d patch_embedding;
    private readonly Embedding position_embedding;
    private readonly int imageSize, channels;

    public ClipEmbeddings(ClipVisionConfig c, ScalarType dtype) : base(nameof(ClipEmbeddings))
    {
        (imageSize, channels) = (c.ImageSize, c.NumChannels);
        class_embedding = new Parameter(torch.randn(c.HiddenSize, dtype: dtype));
        patch_embedding = nn.Conv2d(c.NumChannels, c.HiddenSize, c.PatchSize, stride: c.PatchSize, bias: false, dtype: dtype);
        position_embedding = nn.Embedding(c.NumPositions, c.HiddenSize, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        if (pixelValues.dim() != 4 || pixelValues.shape[1] != channels || pixelValues.shape[2] != imageSize || pixelValues.shape[3] != imageSize)
            throw new PidInputException($"pixel_values: expected shape [batch, {channels}, {imageSize}, {imageSize}], got [{string.Join(", ", pixelValues.shape)}].");
        using var scope = NewDisposeScope();
        long b = pixelValues.shape[0];
        var patches = patch_embedding.forward(pixelValues.to(class_embedding.dtype, class_embedding.device)).flatten(2).transpose(1, 2); // [B, P, D]
        var cls = class_embedding.expand(b, 1, -1);
        var h = torch.cat(new[] { cls, patches }, 1);
        return (h + position_embedding.weight!.unsqueeze(0)).MoveToOuterDisposeScope();
    }
}
