namespace PidGpu.Fuzz;

/// <summary>
/// A small Hugging Face tokenizer directory (a WordLevel <c>tokenizer.json</c> with a BOS template, LLaVA's added tokens in
/// <c>tokenizer_config.json</c> and <c>added_tokens.json</c>, a special-tokens map). Each of the three fuzzed files is a
/// seed of its own target, with the other files beside it.
/// </summary>
static class TokenizerSeeds
{
    const string Tokenizer = """
        {"version": "1.0", "truncation": null, "padding": null,
         "added_tokens": [{"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                          {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
         "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"},
         "post_processor": {"type": "TemplateProcessing",
           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
           "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
           "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
         "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
         "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "user": 3, "is": 4, "the": 5, "red": 6, "cube": 7, "left": 8, "?": 9, ":": 10},
           "unk_token": "<unk>"}}
        """;

    const string Config = """
        {"add_bos_token": true, "bos_token": "<s>", "eos_token": {"content": "</s>", "special": true}, "unk_token": "<unk>",
         "pad_token": null, "model_max_length": 4096,
         "added_tokens_decoder": {
           "0": {"content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
           "1": {"content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
           "2": {"content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
           "32000": {"content": "<image>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}}}
        """;

    const string Added = """{"<image>": 32000, "<pad>": 32001}""";

    const string SpecialMap = """{"bos_token": {"content": "<s>"}, "pad_token": "<pad>", "unk_token": "<unk>"}""";

    public static void Write(string root)
    {
        var files = new Dictionary<string, string>
        {
            ["tokenizer.json"] = Tokenizer, ["tokenizer_config.json"] = Config,
            ["added_tokens.json"] = Added, ["special_tokens_map.json"] = SpecialMap,
        };
        foreach (var (target, fuzzed) in new[] { ("tokenizer-json", "tokenizer.json"), ("tokenizer-config", "tokenizer_config.json"), ("added-tokens", "added_tokens.json") })
            foreach (var (name, content) in files)
                CorpusWriter.Text(root, target, name == fuzzed ? name : Path.Combine("beside", name), content);
    }
}
