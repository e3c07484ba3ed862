namespace PidGpu.Device;

/// <summary>Which ILGPU accelerator to run on. Auto picks CUDA when present, else the CPU accelerator.</summary>
public enum DeviceKind { Auto, Cuda, OpenCL, Cpu }
