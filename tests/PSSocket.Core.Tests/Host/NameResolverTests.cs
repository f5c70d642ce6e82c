using System.Net.NetworkInformation;
using System.Net.Sockets;
using PSSocket.Core.Host;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Host;

/// <summary>Only names this machine answers itself (hosts file, its own name): nothing here needs the internet.</summary>
public class NameResolverTests
{
    [PeerFact("getent")]
    public async Task Localhost_resolves_to_what_getent_ahosts_says()
    {
        HostEntry e = await NameResolver.ResolveAsync("localhost", AddressFamily.Unspecified, default);
        Assert.Equal(GetentAddresses("localhost"), e.Addresses.Order());
        Assert.Equal("localhost", e.Query);
    }

    [PeerFact("getent", "hostname")]
    public async Task The_machines_own_name_is_gethostname_and_resolves_as_getent_says()
    {
        HostEntry local = await NameResolver.LocalAsync(AddressFamily.Unspecified, default);
        Assert.Equal(Peer.Run("hostname", []).Out.Trim(), local.HostName);
        Assert.Equal(Peer.Run("hostname", ["-f"]).Out.Trim(), local.FullyQualifiedName);
        HostEntry forward = await NameResolver.ResolveAsync(local.HostName, AddressFamily.Unspecified, default);
        // .NET answers the machine's own name with its interfaces' addresses besides the resolver's.
        Assert.Subset(forward.Addresses.ToHashSet(), GetentAddresses(local.HostName).ToHashSet());
        var interfaces = NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address.ToString()).ToHashSet();
        Assert.All(forward.Addresses.Except(GetentAddresses(local.HostName)), a => Assert.Contains(a, interfaces));
    }

    [PeerFact("getent")]
    public async Task The_loopback_addresses_reverse_resolve_as_getent_hosts_says()
    {
        foreach (string address in new[] { "127.0.0.1", "::1" })
        {
            var (exit, output, _) = Peer.Run("getent", ["hosts", address]);
            if (exit == 0)
            {
                HostEntry e = await NameResolver.ResolveAsync(address, AddressFamily.Unspecified, default);
                Assert.Equal(output.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)[1], e.HostName);
            }
            else
            {
                // This machine's hosts file has no name for it: the resolver's refusal comes through.
                var fault = await Assert.ThrowsAsync<PSSocketException>(() => NameResolver.ResolveAsync(address, AddressFamily.Unspecified, default));
                Assert.Equal(address, fault.Target);
                Assert.Equal(FaultCategory.ObjectNotFound, fault.Category);
            }
        }
    }

    [Fact]
    public async Task An_unknown_name_fails_with_the_resolvers_reason_and_the_name_as_target()
    {
        var fault = await Assert.ThrowsAsync<PSSocketException>(() => NameResolver.ResolveAsync("no-such-host.invalid", AddressFamily.Unspecified, default));
        Assert.Equal(nameof(SocketError.HostNotFound), fault.ErrorId);
        Assert.Equal("no-such-host.invalid", fault.Target);
        Assert.IsType<SocketException>(fault.InnerException);
        Assert.Contains(fault.InnerException!.Message, fault.Message, StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<PSSocketException>(() => NameResolver.ResolveAsync(" ", AddressFamily.Unspecified, default));
        Assert.Equal(nameof(SocketError.HostNotFound), empty.ErrorId);
    }

    [Fact]
    public async Task A_family_filter_keeps_only_that_family_or_says_there_is_none()
    {
        HostEntry v4 = await NameResolver.ResolveAsync("localhost", AddressFamily.InterNetwork, default);
        Assert.All(v4.Addresses, a => Assert.Contains('.', a));
        Assert.Contains("127.0.0.1", v4.Addresses);
    }

    private static List<string> GetentAddresses(string name)
    {
        var (exit, output, error) = Peer.Run("getent", ["ahosts", name]);
        Assert.True(exit == 0, error);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).Distinct().Order()];
    }
}
