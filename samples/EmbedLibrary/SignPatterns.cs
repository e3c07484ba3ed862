namespace EmbedLibrary;

/// <summary>Samples whose covariance is known exactly, so the library's result can be checked to rounding.</summary>
static class SignPatterns
{
    /// <summary>Rows (X1, X2, Y = X1 + X2 + N) for every (X1, X2, N) ∈ {±1}³, <paramref name="repeats"/> times: means 0,
    /// Var X1 = Var X2 = 1, Var Y = 3, Cov(X1, Y) = Cov(X2, Y) = 1, Cov(X1, X2) = 0 (the ML covariance, exactly).</summary>
    public static float[] YEqualsX1PlusX2PlusNoise(int repeats)
    {
        var rows = new List<float>();
        for (int r = 0; r < repeats; r++)
            for (int pattern = 0; pattern < 8; pattern++)
            {
                float x1 = (pattern & 1) == 0 ? -1 : 1, x2 = (pattern & 2) == 0 ? -1 : 1, n = (pattern & 4) == 0 ? -1 : 1;
                rows.AddRange([x1, x2, x1 + x2 + n]);
            }
        return [.. rows];
    }
}
