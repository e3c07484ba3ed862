using PidGpu.Models;
using PidGpu.Models.Llava;
using PidGpu.Tests.Support;
using TorchSharp;

namespace PidGpu.Tests;

/// <summary>
/// The whole tiny LLaVA forward pass recomputed in plain C# doubles from the checkpoint's own arrays, written from the Hugging Face
/// definitions (CLIPVisionTransformer, LlavaMultiModalProjector, LlamaModel) without TorchSharp: patch convolution, class token,
/// pre-LN blocks, feature layer −2 without the class token, GELU projector, image merge, RMSNorm, rotary, GQA, causal softmax.
/// </summary>
public sealed class LlavaModelReferenceTests
{
    public LlavaModelReferenceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void LastPositionLogits_MatchPlainCSharpReference()
    {
        var w = TinyLlavaCheckpoint.Values(21);
        long[] ids = LlavaModelCheckpointTests.Ids();
        float[] pixels = TinyLlavaCheckpoint.Pixels(7);
        string dir = TinyLlavaCheckpoint.TempDir();
        float[] got;
        try
        {
            TinyLlavaCheckpoint.Write(dir, w);
            using var model = LlavaCheckpoint.Load(dir);
            using var _ = torch.no_grad();
            using var idTensor = torch.tensor(ids).view(1, -1);
            using var pix = torch.tensor(pixels).view(1, 3, 16, 16);
            using var output = model.Forward(idTensor, pix);
            got = output.Logits.data<float>().ToArray();
        }
        finally { Directory.Delete(dir, true); }

        double[] expected = Reference(w, ids, pixels);
        Assert.Equal(64, got.Length);
        double spread = expected.Max() - expected.Min();
        Assert.True(spread > 0.1, $"degenerate logits (spread {spread})");
        for (int i = 0; i < 64; i++) Assert.Equal(expected[i], got[i], 3e-4);
    }

    static double[] Reference(Dictionary<string, float[]> w, long[] ids, float[] pixels)
    {
        const string V = "vision_tower.vision_model.";
        // Patch embedding: conv 4×4 stride 4, no bias; patches in row-major order, class token first, plus positions.
        var x = new double[17][];
        x[0] = w[V + "embeddings.class_embedding"].Select(v => (double)v).ToArray();
        float[] conv = w[V + "embeddings.patch_embedding.weight"];
        for (int py = 0; py < 4; py++)
            for (int px = 0; px < 4; px++)
            {
                var e = new double[32];
                for (int d = 0; d < 32; d++)
                    for (int c = 0; c < 3; c++)
                        for (int ky = 0; ky < 4; ky++)
                            for (int kx = 0; kx < 4; kx++)
                                e[d] += conv[((d * 3 + c) * 4 + ky) * 4 + kx] * (double)pixels[c * 256 + (py * 4 + ky) * 16 + px * 4 + kx];
                x[1 + py * 4 + px] = e;
            }
        float[] pos = w[V + "embeddings.position_embedding.weight"];
        for (int t = 0; t < 17; t++) for (int d = 0; d < 32; d++) x[t][d] += pos[t * 32 + d];
        x = LayerNorm(x, w[V + "pre_layrnorm.weight"], w[V + "pre_layrnorm.bias"]);
        // vision_feature_layer −2 with 2 blocks: hidden_states[1] = after block 0.
        {
            string l = V + "encoder.layers.0.";
            var n = LayerNorm(x, w[l + "layer_norm1.weight"], w[l + "layer_norm1.bias"]);
            var q = Linear(n, w[l + "self_attn.q_proj.weight"], w[l + "self_attn.q_proj.bias"]);
            var k = Linear(n, w[l + "self_attn.k_proj.weight"], w[l + "self_attn.k_proj.bias"]);
            var v = Linear(n, w[l + "self_attn.v_proj.weight"], w[l + "self_attn.v_proj.bias"]);
            var a = Linear(Attention(q, k, v, 4, 4, causal: false), w[l + "self_attn.out_proj.weight"], w[l + "self_attn.out_proj.bias"]);
            x = Add(x, a);
            var f = Linear(LayerNorm(x, w[l + "layer_norm2.weight"], w[l + "layer_norm2.bias"]), w[l + "mlp.fc1.weight"], w[l + "mlp.fc1.bias"]);
            f = Map(f, z => z / (1 + Math.Exp(-1.702 * z)));
            x = Add(x, Linear(f, w[l + "mlp.fc2.weight"], w[l + "mlp.fc2.bias"]));
        }
        var features = x.Skip(1).ToArray(); // "default": drop the class token
        var p1 = Map(Linear(features, w["multi_modal_projector.linear_1.weight"], w["multi_modal_projector.linear_1.bias"]), z => 0.5 * z * (1 + Erf(z / Math.Sqrt(2))));
        var image = Linear(p1, w["multi_modal_projector.linear_2.weight"], w["multi_modal_projector.linear_2.bias"]);

        const string M = "language_model.model.";
        float[] embed = w[M + "embed_tokens.weight"];
        int next = 0;
        var h = ids.Select(id => id == TinyLlavaCheckpoint.ImageToken ? image[next++] : Enumerable.Range(0, 48).Select(d => (double)embed[id * 48 + d]).ToArray()).ToArray();
        for (int layer = 0; layer < 2; layer++)
        {
            string l = $"{M}layers.{layer}.";
            var n = RmsNorm(h, w[l + "input_layernorm.weight"]);
            var q = Rotate(Linear(n, w[l + "self_attn.q_proj.weight"]), 4);
            var k = Rotate(Linear(n, w[l + "self_attn.k_proj.weight"]), 2);
            var v = Linear(n, w[l + "self_attn.v_proj.weight"]);
            h = Add(h, Linear(Attention(q, k, v, 4, 2, causal: true), w[l + "self_attn.o_proj.weight"]));
            n = RmsNorm(h, w[l + "post_attention_layernorm.weight"]);
            var gate = Map(Linear(n, w[l + "mlp.gate_proj.weight"]), z => z / (1 + Math.Exp(-z)));
            var up = Linear(n, w[l + "mlp.up_proj.weight"]);
            h = Add(h, Linear(gate.Select((g, t) => g.Select((z, j) => z * up[t][j]).ToArray()).ToArray(), w[l + "mlp.down_proj.weight"]));
        }
        var last = RmsNorm([h[^1]], w[M + "norm.weight"]);
        return Linear(last, w["language_model.lm_head.weight"])[0];
    }

    static double[][] Linear(double[][] x, float[] weight, float[]? bias = null)
    {
        int inDim = x[0].Length, outDim = weight.Length / inDim;
        return x.Select(row => Enumerable.Range(0, outDim).Select(o =>
        {
            double s = bias?[o] ?? 0;
            for (int i = 0; i < inDim; i++) s += weight[o * inDim + i] * row[i];
            return s;
        }).ToArray()).ToArray();
    }

    static double[][] LayerNorm(double[][] x, float[] g, float[] b) => x.Select(r =>
    {
        double mean = r.Average(), variance = r.Select(z => (z - mean) * (z - mean)).Average();
        return r.Select((z, i) => (z - mean) / Math.Sqrt(variance + 1e-5) * g[i] + b[i]).ToArray();
    }).ToArray();

    static double[][] RmsNorm(double[][] x, float[] g) => x.Select(r =>
    {
        double rms = Math.Sqrt(r.Select(z => z * z).Average() + 1e-6);
        return r.Select((z, i) => z / rms * g[i]).ToArray();
    }).ToArray();

    // Llama rotary on each head of width 12: pairs (i, i + 6) rotated by position · 10000^(−2i/12).
    static double[][] Rotate(double[][] x, int heads) => x.Select((r, p) =>
    {
        var o = (double[])r.Clone();
        for (int hd = 0; hd < heads; hd++)
            for (int i = 0; i < 6; i++)
            {
                double angle = p * Math.Pow(10000, -2.0 * i / 12), a = r[hd * 12 + i], b = r[hd * 12 + i + 6];
                o[hd * 12 + i] = a * Math.Cos(angle) - b * Math.Sin(angle);
                o[hd * 12 + i + 6] = b * Math.Cos(angle) + a * Math.Sin(angle);
            }
        return o;
    }).ToArray();

    // Query head hq reads key/value head hq / (heads / kvHeads).
    static double[][] Attention(double[][] q, double[][] k, double[][] v, int heads, int kvHeads, bool causal)
    {
        int t = q.Length, d = q[0].Length / heads;
        var o = new double[t][];
        for (int i = 0; i < t; i++)
        {
            o[i] = new double[heads * d];
            for (int hq = 0; hq < heads; hq++)
            {
                int hk = hq / (heads / kvHeads), keys = causal ? i + 1 : t;
                var s = new double[keys];
                for (int j = 0; j < keys; j++)
                {
                    for (int c = 0; c < d; c++) s[j] += q[i][hq * d + c] * k[j][hk * d + c];
                    s[j] /= Math.Sqrt(d);
                }
                double max = s.Max(), sum = s.Sum(z => Math.Exp(z - max));
                for (int j = 0; j < keys; j++)
                    for (int c = 0; c < d; c++) o[i][hq * d + c] += Math.Exp(s[j] - max) / sum * v[j][hk * d + c];
            }
        }
        return o;
    }

    static double[][] Add(double[][] a, double[][] b) => a.Select((r, t) => r.Select((z, i) => z + b[t][i]).ToArray()).ToArray();

    static double[][] Map(double[][] a, Func<double, double> f) => a.Select(r => r.Select(f).ToArray()).ToArray();

    // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough for a 3e-4 tolerance.
    static double Erf(double z)
    {
        double s = Math.Sign(z), a = Math.Abs(z), t = 1 / (1 + 0.3275911 * a);
        double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-a * a);
        return s * y;
    }
}
