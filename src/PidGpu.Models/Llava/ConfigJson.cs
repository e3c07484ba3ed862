using System.Text.Json;

namespace PidGpu.Models.Llava;

/// <summary>Typed reads of Hugging Face <c>config.json</c> fields; every failure names the field (e.g. <c>text_config.hidden_size</c>).</summary>
internal readonly struct ConfigJson(JsonElement element, string path)
{
    public string Path { get; } = path;

    string Name(string field) => Path.Length == 0 ? field : $"{Path}.{field}";

    bool TryGet(string field, out JsonElement value)
    {
        if (element.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    public ConfigJson Object(string field)
    {
        if (!TryGet(field, out var v))
            throw new PidInputException($"config.json: missing required field '{Name(field)}'.");
        if (v.ValueKind != JsonValueKind.Object)
            throw new PidInputException($"config.json: '{Name(field)}' must be an object, got {v.ValueKind}.");
        return new ConfigJson(v, Name(field));
    }

    /// <summary>A positive integer; <paramref name="fallback"/> (the Hugging Face class default) when absent, else the field is required.</summary>
    public int PositiveInt(string field, int? fallback = null)
    {
        int value = Int(field, fallback);
        if (value <= 0)
            throw new PidInputException($"config.json: '{Name(field)}' must be a positive integer, got {value}.");
        return value;
    }

    public int Int(string field, int? fallback = null)
    {
        if (!TryGet(field, out var v))
            return fallback ?? throw new PidInputException($"config.json: missing required field '{Name(field)}'.");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int value))
            throw new PidInputException($"config.json: '{Name(field)}' must be an integer, got {v.GetRawText()}.");
        return value;
    }

    public bool Bool(string field, bool fallback)
    {
        if (!TryGet(field, out var v)) return fallback;
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new PidInputException($"config.json: '{Name(field)}' must be true or false, got {v.GetRawText()}.");
        return v.GetBoolean();
    }

    public double PositiveDouble(string field, double? fallback = null)
    {
        if (!TryGet(field, out var v))
            return fallback ?? throw new PidInputException($"config.json: missing required field '{Name(field)}'.");
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double value) || !(value > 0) || double.IsInfinity(value))
            throw new PidInputException($"config.json: '{Name(field)}' must be a positive number, got {v.GetRawText()}.");
        return value;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/>.</summary>
    public string OneOf(string field, string? fallback, params string[] allowed)
    {
        string value;
        if (!TryGet(field, out var v))
            value = fallback ?? throw new PidInputException($"config.json: missing required field '{Name(field)}'.");
        else if (v.ValueKind != JsonValueKind.String)
            throw new PidInputException($"config.json: '{Name(field)}' must be a string, got {v.GetRawText()}.");
        else
            value = v.GetString()!;
        if (!allowed.Contains(value))
            throw new PidInputException($"config.json: unsupported '{Name(field)}' value '{value}'; supported: {string.Join(", ", allowed)}.");
        return value;
    }

    /// <summary>Fails when a field this port does not implement is set (e.g. <c>rope_scaling</c>).</summary>
    public void Unsupported(string field, string why)
    {
        if (TryGet(field, out var v))
            throw new PidInputException($"config.json: '{Name(field)}' = {v.GetRawText()} is not supported: {why}.");
    }

    /// <summary>A list of [a, b] pairs of positive integers (e.g. <c>image_grid_pinpoints</c>); null when absent.</summary>
    public (int A, int B)[]? PositivePairs(string field)
    {
        if (!TryGet(field, out var v)) return null;
        string bad = $"config.json: '{Name(field)}' must be a non-empty list of [height, width] pairs of positive integers, got {v.GetRawText()}.";
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0) throw new PidInputException(bad);
        return v.EnumerateArray().Select(p =>
            p.ValueKind == JsonValueKind.Array && p.GetArrayLength() == 2 && p[0].ValueKind == JsonValueKind.Number && p[1].ValueKind == JsonValueKind.Number
                && p[0].TryGetInt32(out int a) && p[1].TryGetInt32(out int b) && a > 0 && b > 0
                ? (a, b) : throw new PidInputException(bad)).ToArray();
    }

    public bool Has(string field) => TryGet(field, out _);
}
