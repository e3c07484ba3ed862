using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary><c>language_model</c>: the decoder under <c>model</c> and the output projection <c>lm_head</c>.</summary>
internal sealed class LlamaForCausalLM : nn.Module
{
    private readonly LlamaModel model;
    private readonly Linear lm_head;

    public LlamaForCausalLM(LlamaTextConfig c, ScalarType dtype) : base(nameof(LlamaForCausalLM))
    {
        model = new LlamaModel(c, dtype);
        lm_head = nn.Linear(c.HiddenSize, c.VocabSize, hasBias: false, dtype: dtype);
        RegisterComponents();
    }

    public LlamaModel Decoder => model;

    public Tensor Head(Tensor hidden) => lm_head.forward(hidden);
}
