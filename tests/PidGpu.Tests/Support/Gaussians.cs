namespace PidGpu.Tests.Support;

/// <summary>Seeded standard normals (Box–Muller).</summary>
internal sealed class Gaussians(int seed)
{
    readonly Random random = new(seed);
    double saved;
    bool spare;

    public double Next()
    {
        if (spare) { spare = false; return saved; }
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        double radius = Math.Sqrt(-2 * Math.Log(u1));
        saved = radius * Math.Sin(2 * Math.PI * u2);
        spare = true;
        return radius * Math.Cos(2 * Math.PI * u2);
    }
}
