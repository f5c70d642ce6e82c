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
        const int expected = 10;
#else
        const int expected = 8;
#endif
        Assert.Equal(expected, Environment.Version.Major);
        string? engine = typeof(PSSocketException).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        Assert.Equal($".NETCoreApp,Version=v{expected}.0", engine);
    }
}
