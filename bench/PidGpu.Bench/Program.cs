using PidGpu.Bench;

// `convergence [N ...]`: a quick table of iterations, certified gap and one wall-clock solve per size
// (the BrojaSizeBenchmarks problems), without BenchmarkDotNet. Anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "convergence")
    return Convergence.Run(args[1..]);
// `batch [newton|scaling] COUNT N`: one timed batch of random N³ BROJA problems (see BatchTiming).
if (args.Length > 0 && args[0] == "batch")
    return BatchTiming.Run(args[1..]);
// `stages ...`: end-to-end time and share per pipeline stage (see StageProfile).
if (args.Length > 0 && args[0] == "stages")
    return StageProfile.Run(args[1..]);
// `layer ...`: time and bytes moved per layer, PidFlow against the device-resident route (see LayerTiming).
if (args.Length > 0 && args[0] == "layer")
    return LayerTiming.Run(args[1..]);
// `pca N d k method…`: one PcaFit per method (covariance | matrixfree | auto) with wall time, iterations and residual.
if (args.Length > 0 && args[0] == "pca")
    return PcaTiming.Run(args[1..]);
// `reduce N d host|device…`: one dense reduction to 95 % of the variance per back-end, fit and projection timed.
if (args.Length > 0 && args[0] == "reduce")
    return ReduceTiming.Run(args[1..]);
// `llava7b [--dir DIR] [--keep] [--limit-minutes M]`: load time, peak memory and seconds per sample of a random 7B LLaVA-1.5 (see Llava7bScale).
if (args.Length > 0 && args[0] == "llava7b")
    return Llava7bScale.Run(args[1..]);
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
