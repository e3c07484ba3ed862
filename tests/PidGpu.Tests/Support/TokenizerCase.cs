using System.Text.Json;

namespace PidGpu.Tests.Support;

/// <summary>One prompt of Reference/llava-tokenizer-ids.json with the ids tokenizers.js gives, with and without special tokens.</summary>
public sealed record TokenizerCase(string Group, string Text, int[] Ids, int[] PlainIds);
