namespace PidGpu.Models.Analysis;

/// <summary>The target variable Y of the layer-wise PID.</summary>
public enum LayerTarget
{
    /// <summary>The gold answer's pre-softmax logit at the last position (the paper's Y).</summary>
    Logit,
    /// <summary>
    /// The gold answer's class: its rank among the task's distinct gold answers in ordinal string order (a question set names no
    /// answer list; a relabelling of the scene tasks' own answer order, which BROJA does not see and a Gaussian estimate does).
    /// On the analysed (correctly answered) samples this is also the model's answer in the intact run; under knockout it stays
    /// the gold answer.
    /// </summary>
    Answer,
}
