using System.Diagnostics;
using PidGpu.Capture;
using PidGpu.Models;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;
using PidGpu.Inputs.Vision;
using TorchSharp;

namespace PidGpu.Bench;

/// <summary>
/// <c>llava7b [--dir DIR] [--keep] [--limit-minutes M] [--layers N] [--small]</c>: writes a random LLaVA-1.5-7B-shaped BF16 checkpoint
/// (<see cref="Llava7bCheckpoint"/>, about 14 GB, its pages dropped from the cache), loads it as <c>capture --dtype bf16</c> does
/// and runs one sample as capture does: the vicuna_v1 prompt of a GQA question with a 336 × 336 image (576 image positions), all
/// hidden states kept. Reports the load time, the peak resident set (VmHWM, from after writing) against the weights' size, and
/// the seconds of the forward pass; when the first two decoder blocks project the pass past M minutes (default 15), it stops
/// there and extrapolates: vision tower and embeddings as measured + blocks × the mean block time. Deletes the checkpoint unless --keep.
/// <c>--layers N</c> writes only the first N of the 32 decoder blocks (every tensor still of its real shape) where the disk cannot
/// hold the whole checkpoint; the seconds per sample are then vision tower + 32 × the measured mean block, and the memory is
/// compared with the weights written. <c>--small</c> runs the same route on <see cref="Llava7bCheckpoint.Small"/> in seconds.
/// </summary>
internal static class Llava7bScale
{
    sealed class Stop(double projected) : Exception($"projected forward pass {projected:F0} s")
    {
        public double Projected { get; } = projected;
    }

    public static int Run(string[] args)
    {
        string dir = Path.Combine(Path.GetTempPath(), "pidgpu-llava7b");
        bool keep = false;
        double limitMinutes = 15;
        var config = Llava7bCheckpoint.Config;
        int? layers = null;
        for (int i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--dir": dir = args[++i]; break;
                case "--keep": keep = true; break;
                case "--small": config = Llava7bCheckpoint.Small; break;
                case "--layers": layers = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--limit-minutes": limitMinutes = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"llava7b: unknown argument '{args[i]}'"); return 2;
            }
        int fullBlocks = config.Text.NumHiddenLayers;
        if (layers is { } n) config = config with { Text = config.Text with { NumHiddenLayers = n } };
        long needed = Llava7bCheckpoint.Tensors(config).Sum(t => t.Shape.Aggregate(2L, (a, d) => a * d));
        string parent = Path.GetDirectoryName(Path.GetFullPath(dir))!;
        Directory.CreateDirectory(parent);
        long free = new DriveInfo(parent).AvailableFreeSpace;
        if (free < needed + (2L << 30))
        {
            long perBlock = Llava7bCheckpoint.Tensors(config).Where(t => t.Name.Contains(".layers.0.", StringComparison.Ordinal) && t.Name.StartsWith("language_model", StringComparison.Ordinal))
                .Sum(t => t.Shape.Aggregate(2L, (a, d) => a * d));
            long fit = config.Text.NumHiddenLayers - (needed + (2L << 30) - free + perBlock - 1) / perBlock;
            Console.Error.WriteLine($"llava7b: the checkpoint needs {needed / 1e9:F1} GB + 2 GB spare, {free / 1e9:F1} GB are free at {dir}; " +
                $"free space, use --dir elsewhere or --layers {Math.Max(1, fit)}.");
            return 2;
        }
        TorchRuntime.EnsureLoaded();
        Llava7bCheckpoint.CheckAgainstModel();
        Console.WriteLine($"machine: {CpuModel()}, {Environment.ProcessorCount} cores, {MemTotalGb():F1} GB RAM; LibTorch threads {torch.get_num_threads()}; " +
            $"load average at start {File.ReadAllText("/proc/loadavg").Trim()}");
        try
        {
            var clock = Stopwatch.StartNew();
            long weights = Llava7bCheckpoint.Write(dir, config, 1);
            Console.WriteLine($"wrote {weights / 1e9:F2} GB of BF16 weights in {clock.Elapsed.TotalSeconds:F0} s to {dir} (pages dropped from the cache)");
            foreach (var file in Directory.GetFiles(TokenizerDirectory(), "*.json"))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
            string image = Path.Combine(dir, "image.png");
            var rgb = new byte[336 * 336 * 3];
            new Random(5).NextBytes(rgb);
            ImageFiles.SavePng(rgb, 336, 336, image);

            ProcessMemory.ResetPeak();
            var start = ProcessMemory.Now();
            clock.Restart();
            using var directory = LlavaModelDirectory.Open(dir);
            using var model = directory.LoadModel(torch.ScalarType.BFloat16);
            double loadSeconds = clock.Elapsed.TotalSeconds;
            var loaded = ProcessMemory.Now();
            Console.WriteLine($"loaded in {loadSeconds:F1} s; before: {start}; after: {loaded}");

            var sample = new QuestionSample("1", "ChooseAttr", "Is the jar full or empty?", "empty", image, "bench");
            var pixels = directory.PrepareImage(image);
            var tokens = LlavaTokenRegions.Inspect(directory.Tokenizer, sample, pixels.Positions, LlavaPromptTemplate.VicunaV1, config.ImageTokenIndex);
            using var ids = torch.tensor(QuestionCapture.Expand(tokens.TextIds, config.ImageTokenIndex, tokens.ImagePositions)).view(1, -1);
            int blocks = config.Text.NumHiddenLayers;
            string written = blocks == fullBlocks ? "" : $" (only decoder blocks 0-{blocks - 1} of {fullBlocks} written: --layers {blocks})";
            Console.WriteLine($"sequence: {ids.shape[1]} positions ({pixels.Positions} image, {tokens.XL[1] - tokens.XL[0]} question)");

            var marks = new List<double>();
            var forward = Stopwatch.StartNew();
            void OnBlock(int block)
            {
                marks.Add(forward.Elapsed.TotalSeconds);
                Console.Error.WriteLine($"  block {block} starts at {marks[^1]:F1} s");
                if (block != 2 || blocks <= 2) return;
                double projected = marks[0] + fullBlocks * (marks[2] - marks[0]) / 2;
                if (projected > limitMinutes * 60) throw new Stop(projected);
            }
            double seconds;
            string how;
            try
            {
                using var _ = torch.no_grad();
                using var output = pixels.Forward(model, ids, new LlavaForwardOptions { HiddenStates = true, OnBlock = OnBlock });
                double block = (marks[^1] - marks[0]) / blocks;
                (seconds, how) = blocks == fullBlocks
                    ? (forward.Elapsed.TotalSeconds, $"measured (whole pass; vision tower and embeddings {marks[0]:F1} s, decoder blocks {block:F1} s each)")
                    : (marks[0] + fullBlocks * block, $"EXTRAPOLATED to {fullBlocks} blocks: vision tower and embeddings {marks[0]:F1} s + {fullBlocks} x {block:F1} s " +
                        $"(mean of the {blocks} blocks run; whole pass over them {forward.Elapsed.TotalSeconds:F0} s)");
            }
            catch (Stop stop)
            {
                seconds = stop.Projected;
                how = $"EXTRAPOLATED: vision tower and embeddings {marks[0]:F1} s measured + {fullBlocks} x {(marks[2] - marks[0]) / 2:F1} s " +
                    $"(mean of decoder blocks 0 and 1, measured); the pass was stopped after block 1";
            }
            var end = ProcessMemory.Now();
            double ratio = end.PeakRssBytes / (double)weights;
            Console.WriteLine();
            Console.WriteLine("| figure | value |");
            Console.WriteLine("|---|---|");
            Console.WriteLine($"| weights (BF16, {Directory.GetFiles(dir, "*.safetensors").Length} shards){written} | {weights / 1e9:F2} GB |");
            Console.WriteLine($"| load (open + LoadModel bf16) | {loadSeconds:F1} s |");
            Console.WriteLine($"| seconds per sample ({ids.shape[1]} positions, all hidden states) | {seconds:F0} s, {how} |");
            Console.WriteLine($"| peak RSS (VmHWM since the checkpoint was written) | {end.PeakRssBytes / 1e9:F2} GB = {ratio:F2} x the weights (goal < 1.3) |");
            Console.WriteLine($"| RSS after the pass | {end} |");
            Console.WriteLine($"| load average at the end | {File.ReadAllText("/proc/loadavg").Trim()} |");
            return ratio < 1.3 ? 0 : 1;
        }
        finally
        {
            if (!keep && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    static string TokenizerDirectory()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "PidGpu.Tests", "Reference", "llava-tokenizer");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/PidGpu.Tests/Reference/llava-tokenizer not found above " + AppContext.BaseDirectory);
    }

    static string CpuModel() => File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";

    static double MemTotalGb() => long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1e6;
}
