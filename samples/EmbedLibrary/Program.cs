// Runs the PidGpu library's engines on an accelerator and stream this program owns (PidDevice.Use), on data that is
// already in this program's device buffer, and checks the atoms against closed-form values. Exit status 0 when every
// atom matches, 1 otherwise. `--cpu` forces the CPU accelerator; otherwise a CUDA GPU is used when there is one.
using EmbedLibrary;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using PidGpu.Device;
using PidGpu.Estimate;

bool forceCpu = args.Contains("--cpu");
using var context = Context.Create(b => b.Cuda().CPU().EnableAlgorithms());
using var accelerator = context.GetPreferredDevice(preferCPU: forceCpu).CreateAccelerator(context);
using var stream = accelerator.CreateStream();
Console.WriteLine($"accelerator: {accelerator.Name} ({accelerator.AcceleratorType})");

var checks = new List<(string Name, double[] Expected, PidAtoms Got)>();
using (var device = PidDevice.Use(accelerator, stream))
{
    // Discrete: XOR, Y = X1 xor X2 with uniform inputs: every measure gives 1 bit of synergy and nothing else.
    var xor = new double[8];
    for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) xor[(a * 2 + b) * 2 + (a ^ b)] = 0.25;
    var decomposition = new DiscretePidEngine(device).Decompose(new JointDistribution(2, 2, 2, xor, "xor"), PidMeasures.All);
    foreach (var measure in PidMeasures.All)
        checks.Add(($"XOR, {measure.Name}", [0, 0, 0, 1, 1], decomposition.Of(measure)!));

    // Gaussian, from samples on this program's device: Y = X1 + X2 + N over every sign pattern of (X1, X2, N) ∈ {±1}³,
    // whose covariance is exactly Var X = 1, Var Y = 3, Cov(Xi, Y) = 1; the library accumulates it on the device
    // into this program's buffer and ~G-PID (= MMI for a scalar Y) decomposes it there.
    using var samples = accelerator.Allocate1D(SignPatterns.YEqualsX1PlusX2PlusNoise(repeats: 1000));
    using var covariance = accelerator.Allocate1D<double>(9);
    using var mean = accelerator.Allocate1D<double>(3);
    using (var accumulator = new ChunkedCovariance(device, columns: 3))
    {
        accumulator.Add(samples.View, (int)(samples.Length / 3));
        accumulator.FinalizeInto(covariance.View, mean.View);
    }
    double half15 = 0.5 * Math.Log2(1.5), half3 = 0.5 * Math.Log2(3);
    foreach (var measure in PidMeasures.Gaussian)
        checks.Add(($"Y = X1 + X2 + N, {measure.GaussianName}", [half15, 0, 0, half3 - half15, half3],
            new GaussianPidEngine(device).Decompose(covariance.View, 1, 1, 1, 1, measure)[0]));
}

// The handle is gone; the accelerator and stream are still this program's (a disposed one would throw here).
using var after = accelerator.Allocate1D(new[] { 42.0 });
after.View.CopyFromCPU(stream, [43.0]);
stream.Synchronize();
bool ok = after.GetAsArray1D()[0] == 43.0;
Console.WriteLine($"{(ok ? "ok  " : "FAIL")} the accelerator and stream work after the library's handle is disposed");
foreach (var (name, expected, got) in checks)
{
    double[] values = [got.R, got.U1, got.U2, got.S, got.I];
    double error = expected.Zip(values, (e, v) => Math.Abs(e - v)).Max();
    bool pass = error <= 1e-6;
    ok &= pass;
    Console.WriteLine($"{(pass ? "ok  " : "FAIL")} {name}: R {got.R:F6} U1 {got.U1:F6} U2 {got.U2:F6} S {got.S:F6} I {got.I:F6} (max error {error:E1})");
}
return ok ? 0 : 1;
