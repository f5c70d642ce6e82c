using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

public class SocketErrorTests
{
    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_refused_connect_is_ConnectionRefused_with_the_endpoint_as_target(string address) => Bounded(async () =>
    {
        using Socket nobody = BoundNotListening(address);
        int port = ((IPEndPoint)nobody.LocalEndPoint!).Port;
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync(address, port, Short, 0, AddressFamily.Unspecified, default));
        Assert.Equal("ConnectionRefused", e.ErrorId);
        Assert.Equal(FaultCategory.ConnectionError, e.Category);
        Assert.Equal(EndpointText.Format(IPAddress.Parse(address), port), e.Target);
        Assert.IsType<SocketException>(e.InnerException);
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_connect_nobody_answers_times_out_with_TimedOut(string address) => Bounded(async () =>
    {
        using Silent silent = await SilentAsync(address);
        var e = await Assert.ThrowsAsync<PSSocketException>(() =>
            StreamConnector.ConnectAsync(address, silent.Port, TimeSpan.FromMilliseconds(300), 0, AddressFamily.Unspecified, default));
        Assert.Equal("TimedOut", e.ErrorId);
        Assert.Equal(FaultCategory.OperationTimeout, e.Category);
        Assert.Equal(EndpointText.Format(IPAddress.Parse(address), silent.Port), e.Target);
    });

    [Fact]
    public Task A_name_that_does_not_resolve_is_HostNotFound_with_the_name_as_target() => Bounded(async () =>
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync("no-such-host.invalid", 80, Short, 0, AddressFamily.Unspecified, default));
        Assert.Equal("HostNotFound", e.ErrorId);
        Assert.Equal(FaultCategory.ObjectNotFound, e.Category);
        Assert.Equal("no-such-host.invalid", e.Target);
    });

    [LocalhostFact]
    public Task Localhost_tries_each_address_it_resolves_to() => Bounded(async () =>
    {
        IPAddress[] all = await HostResolver.ResolveAsync("localhost", AddressFamily.Unspecified, default);
        Assert.True(all.Length >= 2, $"localhost resolved to {all.Length} address(es): listening on the last one proves no fallback");
        // Listen on the last address only: a connect that gave up after the first would fail.
        using var listener = SocketListener.Start(all[^1], 0, 4, dualMode: false);
        Task<SocketConnection> accepting = listener.AcceptAsync(Short, default);
        using SocketConnection client = await StreamConnector.ConnectAsync("localhost", listener.LocalPort, Short, 0, AddressFamily.Unspecified, default);
        using SocketConnection server = await accepting;
        Assert.Equal(EndpointText.Plain(all[^1]).ToString(), client.RemoteAddress);
    });

    [Fact]
    public Task A_refusing_address_is_skipped_for_the_next_and_when_all_refuse_the_last_failure_is_raised() => Bounded(async () =>
    {
        using Socket refusing = BoundNotListening("::1");
        int port = ((IPEndPoint)refusing.LocalEndPoint!).Port;
        using var listener = SocketListener.Start(IPAddress.Loopback, port, 4, false);
        Task<SocketConnection> accepting = listener.AcceptAsync(Short, default);
        using (SocketConnection client = await StreamConnector.ConnectAnyAsync([IPAddress.IPv6Loopback, IPAddress.Loopback], port, Short, 0, default))
        using (await accepting)
        {
            Assert.Equal("127.0.0.1", client.RemoteAddress);
        }

        listener.Stop();
        using Socket alsoRefusing = BoundNotListening("127.0.0.1");
        int other = ((IPEndPoint)alsoRefusing.LocalEndPoint!).Port;
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAnyAsync([IPAddress.Loopback, IPAddress.Loopback], other, Short, 0, default));
        Assert.Equal("ConnectionRefused", e.ErrorId);
        Assert.Equal("127.0.0.1:" + other, e.Target);
    });

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(70000)]
    public async Task Ports_out_of_range_are_refused_before_any_socket_exists(int port)
    {
        var e = Assert.Throws<PSSocketException>(() => SocketListener.Start(IPAddress.Loopback, port, 4, false));
        Assert.Equal("PortOutOfRange", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
        Assert.Equal(port, e.Target);
        var connect = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync("127.0.0.1", port, Short, 0, AddressFamily.Unspecified, default));
        Assert.Equal("PortOutOfRange", connect.ErrorId);
    }

    [Fact]
    public Task Connecting_to_port_zero_is_out_of_range() => Bounded(async () =>
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync("127.0.0.1", 0, Short, 0, AddressFamily.Unspecified, default));
        Assert.Equal("PortOutOfRange", e.ErrorId);
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public void A_port_in_use_is_AddressAlreadyInUse_with_the_endpoint_as_target(string address)
    {
        using var first = Listen(address);
        var e = Assert.Throws<PSSocketException>(() => SocketListener.Start(IPAddress.Parse(address), first.LocalPort, 4, false));
        Assert.Equal("AddressAlreadyInUse", e.ErrorId);
        Assert.Equal(FaultCategory.ResourceExists, e.Category);
        Assert.Equal(EndpointText.Format(IPAddress.Parse(address), first.LocalPort), e.Target);
    }

    [Fact]
    public void Dual_mode_on_an_IPv4_address_is_refused_clearly()
    {
        var e = Assert.Throws<PSSocketException>(() => SocketListener.Start(IPAddress.Loopback, 0, 4, dualMode: true));
        Assert.Equal("DualModeNeedsIPv6", e.ErrorId);
    }

    [Fact]
    public Task A_dual_mode_listener_accepts_IPv4_peers_and_shows_them_as_IPv4() => Bounded(async () =>
    {
        using var listener = SocketListener.Start(IPAddress.IPv6Any, 0, 4, dualMode: true);
        Assert.True(listener.DualMode);
        Task<SocketConnection> accepting = listener.AcceptAsync(Short, default);
        using SocketConnection client = await StreamConnector.ConnectAsync("127.0.0.1", listener.LocalPort, Short, 0, AddressFamily.InterNetwork, default);
        using SocketConnection server = await accepting;
        Assert.Equal("127.0.0.1", server.RemoteAddress);
        Assert.Equal(client.LocalPort, server.RemotePort);
    });

    /// <summary>A chosen local port binds the wildcard of the peer's family, so the busy port's fault names that wildcard.</summary>
    [Theory]
    [InlineData("127.0.0.1", "0.0.0.0")]
    [InlineData("::1", "[::]")]
    public Task A_chosen_local_port_is_used_and_a_busy_one_is_AddressAlreadyInUse(string address, string wildcard) => Bounded(async () =>
    {
        var family = IPAddress.Parse(address).AddressFamily;
        using var listener = Listen(address);
        Task<SocketConnection> accepting = listener.AcceptAsync(Short, default);
        var (client, local) = await ChosenPort.UseAsync(family, async port =>
            (await StreamConnector.ConnectAsync(address, listener.LocalPort, Short, port, family, default), port));
        using var _ = client;
        using SocketConnection server = await accepting;
        Assert.Equal(local, client.LocalPort);
        Assert.Equal(local, server.RemotePort);
        // The listener's own port is taken by a listening socket, which even SO_REUSEADDR cannot share.
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync(address, listener.LocalPort, Short, listener.LocalPort, family, default));
        Assert.Equal("AddressAlreadyInUse", e.ErrorId);
        Assert.Equal($"{wildcard}:{listener.LocalPort}", e.Target);
        Assert.StartsWith($"Binding {wildcard}:{listener.LocalPort} failed: ", e.Message, StringComparison.Ordinal);
    });

    [Fact]
    public Task Accepting_times_out_with_TimedOut_and_a_stopped_listener_says_so() => Bounded(async () =>
    {
        var listener = Listen("127.0.0.1");
        var e = await Assert.ThrowsAsync<PSSocketException>(() => listener.AcceptAsync(TimeSpan.FromMilliseconds(100), default));
        Assert.Equal("TimedOut", e.ErrorId);
        Task<SocketConnection> waiting = listener.AcceptAsync(Short, default);
        listener.Stop();
        var stopped = await Assert.ThrowsAsync<PSSocketException>(() => waiting);
        Assert.Equal("ListenerStopped", stopped.ErrorId);
        Assert.Equal(ListenerState.Stopped, listener.State);
    });

    /// <summary>
    /// Binding below 1024 without privilege. The test process is often root, so the bind runs on a
    /// thread that drops to nobody with the raw setresuid system call, which (unlike glibc's wrapper)
    /// changes only the calling thread's credentials and clears its capabilities.
    /// </summary>
    [PrivilegedPortsFact]
    public void A_privileged_port_without_privilege_is_AccessDenied()
    {
        var fault = Assert.IsType<PSSocketException>(Unprivileged.Run(() => SocketListener.Start(IPAddress.Loopback, 80, 4, false).Dispose()));
        Assert.Equal("AccessDenied", fault.ErrorId);
        Assert.Equal(FaultCategory.PermissionDenied, fault.Category);
        Assert.Equal("127.0.0.1:80", fault.Target);
    }

    /// <summary>
    /// An unreachable network, without sending anything anywhere: a thread moves itself into a new,
    /// empty network namespace (unshare(CLONE_NEWNET) affects only the calling thread), where not
    /// even loopback is up, and connects from there. The namespace disappears with its socket.
    /// </summary>
    [RootFact]
    public void A_network_without_a_route_is_NetworkUnreachable()
    {
        const int CloneNewNet = 0x40000000;
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            if (Native.unshare(CloneNewNet) != 0)
            {
                caught = new InvalidOperationException("unshare failed: " + Marshal.GetLastPInvokeError());
                return;
            }

            try
            {
                using SocketConnection c = StreamConnector.ConnectAsync(IPAddress.Loopback, 80, Short, 0, default).GetAwaiter().GetResult();
            }
            catch (PSSocketException e)
            {
                caught = e;
            }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
        var fault = Assert.IsType<PSSocketException>(caught);
        Assert.Equal("NetworkUnreachable", fault.ErrorId);
        Assert.Equal(FaultCategory.ConnectionError, fault.Category);
        Assert.Equal("127.0.0.1:80", fault.Target);
    }

    [Fact]
    public Task Sending_on_a_closed_connection_is_ConnectionClosed() => Bounded(async () =>
    {
        using var listener = Listen("127.0.0.1");
        var (client, server) = await PairAsync(listener);
        server.Dispose();
        client.Close();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => client.SendAsync("x"u8.ToArray(), Short, default));
        Assert.Equal("ConnectionClosed", e.ErrorId);
        Assert.Null(await client.ReceiveAvailableAsync(1, Short, default));
    });

    private static partial class Native
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable CA1401, SYSLIB1054 // a variadic libc call: LibraryImport cannot marshal it any better
        public static extern int unshare(int flags);
#pragma warning restore CA1401, SYSLIB1054
    }
}
