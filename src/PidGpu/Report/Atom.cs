namespace PidGpu.Report;

/// <summary>
/// The PID parts of I(Y; X1, X2) as stored in a run. X1 is the vision source (image-token mean), X2 the
/// language source (question-token mean), so U1 is vision-unique and U2 language-unique. I = R + U1 + U2 + S.
/// </summary>
public enum Atom { R, U1, U2, S, I }
