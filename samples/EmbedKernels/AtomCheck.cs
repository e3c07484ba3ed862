namespace EmbedKernels;

/// <summary>Prints each system's atoms beside the expected ones and says whether all match.</summary>
static class AtomCheck
{
    public static bool Report(IEnumerable<(string Name, double[] Atoms, double[] Got)> systems, double tolerance)
    {
        bool ok = true;
        Console.WriteLine($"{"system",-32} {"R",10} {"U1",10} {"U2",10} {"S",10} {"I",10}");
        foreach (var (name, want, got) in systems)
        {
            // NaN (an unconverged solve) never compares as close, so it fails here.
            bool match = want.Zip(got).All(p => Math.Abs(p.First - p.Second) <= tolerance);
            ok &= match;
            Console.WriteLine($"{name,-32} {string.Join(" ", got.Select(v => v.ToString("F6").PadLeft(10)))}  {(match ? "ok" : "MISMATCH")}");
            if (!match)
                Console.WriteLine($"{"  expected",-32} {string.Join(" ", want.Select(v => v.ToString("F6").PadLeft(10)))}");
        }
        Console.WriteLine(ok ? "all atoms match" : "some atoms do not match");
        return ok;
    }
}
