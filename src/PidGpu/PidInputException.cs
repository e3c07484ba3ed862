namespace PidGpu;

/// <summary>
/// Input the library cannot decompose (bad numbers, wrong shapes, unreadable files).
/// The message names the problem; the CLI prints it and exits with code 2.
/// </summary>
public sealed class PidInputException(string message, Exception? inner = null) : Exception(message, inner);
