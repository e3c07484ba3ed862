namespace PidGpu.Models.Llava;

/// <summary>The two Hugging Face LLaVA naming schemes and their mapping onto <see cref="LlavaModel"/>'s state-dict names.</summary>
public enum LlavaNaming
{
    /// <summary>transformers &lt; 4.52: <c>language_model.model.*</c>, <c>language_model.lm_head.*</c>, <c>vision_tower.*</c>, <c>multi_modal_projector.*</c>.</summary>
    Older,
    /// <summary>transformers ≥ 4.52: <c>model.language_model.*</c>, <c>lm_head.*</c>, <c>model.vision_tower.*</c>, <c>model.multi_modal_projector.*</c>.</summary>
    Newer,
}
