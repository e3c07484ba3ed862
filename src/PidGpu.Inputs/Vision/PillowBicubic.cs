namespace PidGpu.Inputs.Vision;

/// <summary>
/// Pillow's <c>Image.resize(size, Image.BICUBIC)</c> on 8-bit RGB, reproduced bit for bit (libImaging/Resample.c,
/// Pillow 9.4 to 11): a separable two-pass resample, horizontal first, then vertical on the 8-bit result of the first
/// pass. Each output pixel's cubic kernel (a = −0.5, support 2, widened by the scale factor when shrinking, which
/// is Pillow's antialiasing) is normalised in double precision, then turned into 22-bit fixed-point integers; sums
/// start at half a unit and are shifted back and clamped to 0..255. A pass whose size does not change is skipped.
/// Hugging Face's CLIP image processors resize through exactly this call, so their pixel values depend on it.
/// </summary>
public static class PillowBicubic
{
    const int PrecisionBits = 32 - 8 - 2;
    const double Support = 2.0;

    /// <summary>The image resampled to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        if (width < 1 || height < 1)
            throw new PidInputException($"resize target {width}x{height} must be at least 1x1");
        var pixels = image.Pixels;
        int w = image.Width, h = image.Height;
        if (width != w)
        {
            pixels = Pass(pixels, w, h, width, horizontal: true);
            w = width;
        }
        if (height != h)
        {
            pixels = Pass(pixels, w, h, height, horizontal: false);
            h = height;
        }
        return ReferenceEquals(pixels, image.Pixels) ? new RgbImage(w, h, (byte[])pixels.Clone()) : new RgbImage(w, h, pixels);
    }

    // One 1-D pass along x (horizontal) or y; the other dimension is kept.
    static byte[] Pass(byte[] src, int w, int h, int outSize, bool horizontal)
    {
        int inSize = horizontal ? w : h;
        var (bounds, coeffs, ksize) = Coefficients(inSize, outSize);
        int outW = horizontal ? outSize : w, outH = horizontal ? h : outSize;
        var dst = new byte[3 * outW * outH];
        // Step between neighbouring input samples along the pass, in bytes.
        int step = horizontal ? 3 : 3 * w;
        for (int yy = 0; yy < outH; yy++)
            for (int xx = 0; xx < outW; xx++)
            {
                int o = horizontal ? xx : yy;
                int min = bounds[2 * o], count = bounds[2 * o + 1];
                int start = horizontal ? 3 * (yy * w + min) : 3 * (min * w + xx);
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                for (int k = 0; k < count; k++)
                {
                    int c = coeffs[o * ksize + k], p = start + k * step;
                    s0 += src[p] * c;
                    s1 += src[p + 1] * c;
                    s2 += src[p + 2] * c;
                }
                int d = 3 * (yy * outW + xx);
                dst[d] = Clip8(s0);
                dst[d + 1] = Clip8(s1);
                dst[d + 2] = Clip8(s2);
            }
        return dst;
    }

    static byte Clip8(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    // precompute_coeffs + normalize_coeffs_8bpc: per output index its first input index, tap count and taps.
    static (int[] Bounds, int[] Coeffs, int KSize) Coefficients(int inSize, int outSize)
    {
        double scale = (double)(float)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = Support * filterScale;
        int ksize = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[2 * outSize];
        var coeffs = new int[outSize * ksize];
        var weights = new double[ksize];
        for (int xx = 0; xx < outSize; xx++)
        {
            double center = (xx + 0.5) * scale, ss = 1.0 / filterScale;
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), inSize) - min;
            double total = 0;
            for (int x = 0; x < max; x++)
                total += weights[x] = Cubic((x + min - center + 0.5) * ss);
            for (int x = 0; x < max; x++)
            {
                double k = total != 0.0 ? weights[x] / total : weights[x];
                double fixedPoint = k * (1 << PrecisionBits);
                coeffs[xx * ksize + x] = (int)(k < 0 ? fixedPoint - 0.5 : fixedPoint + 0.5);
            }
            bounds[2 * xx] = min;
            bounds[2 * xx + 1] = max;
        }
        return (bounds, coeffs, ksize);
    }

    // Keys' cubic convolution kernel with a = -0.5, written as Pillow evaluates it.
    static double Cubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0)
            return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }
}
