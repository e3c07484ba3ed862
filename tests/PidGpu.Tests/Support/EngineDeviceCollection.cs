using ILGPU.Runtime;
using PidGpu.Device;

namespace PidGpu.Tests.Support;

[CollectionDefinition(Name)]
public sealed class EngineDeviceCollection : ICollectionFixture<EngineDeviceFixture>
{
    public const string Name = "PidGpu CPU device (engine and kernel tests)";
}
