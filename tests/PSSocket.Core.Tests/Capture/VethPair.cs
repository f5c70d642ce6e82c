using System.Globalization;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// A veth pair a test makes for itself: Host here with 10.213.N.1/30, its peer with 10.213.N.2/30 in
/// a network namespace of its own, so traffic on it never leaves the machine. Removed on Dispose.
/// Needs root and ip(8).
/// </summary>
internal sealed class VethPair : IDisposable
{
    private readonly string _namespace;

    public VethPair()
    {
        string tag = (Environment.ProcessId & 0xffff).ToString("x4", CultureInfo.InvariantCulture) + Random.Shared.Next(0x100, 0xfff).ToString("x", CultureInfo.InvariantCulture);
        _namespace = "pssc" + tag;
        Host = "pssh" + tag;
        string peer = "pssp" + tag;
        int net = Random.Shared.Next(1, 250);
        HostAddress = $"10.213.{net}.1";
        PeerAddress = $"10.213.{net}.2";
        try
        {
            Ip("netns", "add", _namespace);
            Ip("link", "add", Host, "type", "veth", "peer", "name", peer, "netns", _namespace);
            Ip("addr", "add", HostAddress + "/30", "dev", Host);
            Ip("link", "set", Host, "up");
            Ip("-n", _namespace, "addr", "add", PeerAddress + "/30", "dev", peer);
            Ip("-n", _namespace, "link", "set", peer, "up");
            Ip("-n", _namespace, "link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The interface on this side.</summary>
    public string Host { get; }

    /// <summary>The network namespace the peer interface lives in (for ip netns exec).</summary>
    public string Namespace => _namespace;

    public string HostAddress { get; }

    public string PeerAddress { get; }

    public void Dispose()
    {
        _ = Peer.Run("ip", ["link", "del", Host], TimeSpan.FromSeconds(10));
        _ = Peer.Run("ip", ["netns", "del", _namespace], TimeSpan.FromSeconds(10));
    }

    private static void Ip(params string[] arguments)
    {
        var (exit, _, err) = Peer.Run("ip", arguments, TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"ip {string.Join(' ', arguments)}: {err}");
    }
}
