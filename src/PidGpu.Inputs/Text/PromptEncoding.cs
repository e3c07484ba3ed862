namespace PidGpu.Inputs.Text;

/// <summary>
/// A tokenized LLaVA prompt. <see cref="Ids"/> has the image placeholder already expanded to
/// <see cref="ImageTokenCount"/> copies starting at <see cref="ImageStart"/>; <see cref="QuestionPositions"/>
/// are the indices into <see cref="Ids"/> of the tokens that cover the question text (for pooling question
/// states); the answer is read from the logits at <see cref="LastPosition"/>.
/// </summary>
public sealed record PromptEncoding(int[] Ids, int ImageStart, int ImageTokenCount, int[] QuestionPositions)
{
    public int LastPosition => Ids.Length - 1;
}
