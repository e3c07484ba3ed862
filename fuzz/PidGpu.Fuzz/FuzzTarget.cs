namespace PidGpu.Fuzz;

/// <summary>
/// One reader under fuzz. Each input is written to <see cref="FileName"/> in a scratch folder that also holds the
/// target's unchanged companion files (corpus/NAME/beside/), and <see cref="Run"/> reads it as a user's command would.
/// The only exception a reader may throw on bad input is <see cref="PidInputException"/>.
/// </summary>
/// <param name="Name">Folder name under corpus/ and the name on the command line.</param>
/// <param name="FileName">File name the input is written to (readers choose the format by name).</param>
/// <param name="Run">Reads the file at the given path, and the data behind the header where the reader has any.</param>
sealed record FuzzTarget(string Name, string FileName, Action<string> Run);
