// Embeds the PidGpu kernels in a program that owns its ILGPU context, accelerator, stream and buffers, and checks
// the atoms against known values. Exit status 0 when every atom matches, 1 otherwise. `--cpu` forces the CPU
// accelerator; otherwise a CUDA GPU is used when there is one.
using EmbedKernels;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

bool forceCpu = args.Contains("--cpu");
using var context = Context.Create(b => b.Cuda().CPU().EnableAlgorithms());
var device = forceCpu ? context.GetPreferredDevice(preferCPU: true) : context.GetPreferredDevice(preferCPU: false);
using var accelerator = device.CreateAccelerator(context);
using var stream = accelerator.CreateStream();
Console.WriteLine($"accelerator: {accelerator.Name} ({accelerator.AcceleratorType})");

var discrete = DiscreteCheck.Run(accelerator, stream);
var gaussian = GaussianCheck.Run(accelerator, stream);

// Gaussian systems: I(Y;X1) = ½ log2(Var Y / Var(Y | X1)) and so on; with a scalar Y, ~G-PID equals MMI
// (R = min(I1, I2)), so the expected atoms are the closed-form MMI ones.
double half15 = 0.5 * Math.Log2(1.5), half3 = 0.5 * Math.Log2(3);
var expected = new (string Name, double[] Atoms, double[] Got)[]
{
    ("XOR (S = 1 bit)", [0, 0, 0, 1, 1], discrete[..5]),
    ("COPY (U1 = U2 = 1 bit)", [0, 1, 1, 0, 2], discrete[5..10]),
    ("Gaussian Y = X1 + X2 + N", [half15, 0, 0, half3 - half15, half3], gaussian[..5]),
    ("Gaussian Y = X1 + N", [0, 0.5, 0, 0, 0.5], gaussian[5..10]),
};
return AtomCheck.Report(expected, tolerance: 1e-6) ? 0 : 1;
