using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Host;

/// <summary>
/// A fact that compares with real programs (ss, python3, setpriv): skipped with the reason when one
/// is missing, unless PSSOCKET_REQUIRE_PEERS=1 (the CI), where the test runs and fails instead.
/// </summary>
public sealed class HostPeerFactAttribute : FactAttribute
{
    public HostPeerFactAttribute(params string[] tools)
    {
        string[] missing = [.. tools.Where(t => !Peer.Exists(t))];
        if (missing.Length > 0 && Environment.GetEnvironmentVariable("PSSOCKET_REQUIRE_PEERS") != "1")
        {
            Skip = $"Needs {string.Join(", ", missing)} on PATH (set PSSOCKET_REQUIRE_PEERS=1 to fail instead).";
        }
    }
}
