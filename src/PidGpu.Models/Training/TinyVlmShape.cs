using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;

namespace PidGpu.Models.Training;

/// <summary>
/// Widths of a tiny LLaVA-architecture model for the 32×32 scenes. Patch 8 = the scene cell size, so each of the 16 image
/// tokens sees exactly one grid cell. The vision feature layer is the last block (a 2-block tower with LLaVA's −2 would
/// leave its second block untrained).
/// </summary>
public sealed record TinyVlmShape(
    int VisionHidden = 64, int VisionLayers = 2, int VisionHeads = 4,
    int TextHidden = 96, int TextLayers = 4, int TextHeads = 4, int TextKvHeads = 2, int TextIntermediate = 256,
    int ImageSize = 32, int PatchSize = 8)
{
    /// <summary>A smaller shape for fast tests.</summary>
    public static TinyVlmShape Small { get; } = new(VisionHidden: 32, VisionLayers: 1, VisionHeads: 2,
        TextHidden: 32, TextLayers: 2, TextHeads: 2, TextKvHeads: 1, TextIntermediate: 64);

    /// <summary>The LLaVA configuration for a word vocabulary of <paramref name="vocabularySize"/> ids (specials included).</summary>
    public LlavaConfig ToConfig(int vocabularySize)
    {
        var vision = new ClipVisionConfig(VisionHidden, 4 * VisionHidden, VisionLayers, VisionHeads, ImageSize, PatchSize, 1e-5);
        var text = new LlamaTextConfig(TextHidden, TextIntermediate, TextLayers, TextHeads, TextKvHeads, 1e-6, 10000.0, vocabularySize, 128);
        int imageToken = WordVocabulary.SpecialTokens.ToList().IndexOf(WordVocabulary.Image);
        return new LlavaConfig(vision, text, imageToken, VisionFeatureLayer: -1);
    }
}
