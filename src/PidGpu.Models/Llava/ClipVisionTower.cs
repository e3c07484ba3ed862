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
