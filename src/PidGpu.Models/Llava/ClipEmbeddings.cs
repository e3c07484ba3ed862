using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

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
