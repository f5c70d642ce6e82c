using System.Reflection;
using System.Runtime.Versioning;

namespace PSSocket.Core.Tests;

/// <summary>Each build of the engine is tested on the runtime its users load it in.</summary>
public sealed class RuntimeTests
{
    [Fact]
    public void Each_engine_build_is_tested_on_its_own_runtime()
    {
#if NET10_0
        const int Expected = 10;
#else
        const int Expected = 8;
#endif
        Assert.Equal(Expected, Environment.Version.Major);
        string? engine = typeof(PSSocketException).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        Assert.Equal($".NETCoreApp,Version=v{Expected}.0", engine);
    }
}
