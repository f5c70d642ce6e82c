using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// The edges of opening connections that the error tests pass by (issue #13 item 8): listener
/// arguments and states, AF_UNIX paths that are missing, too long or not sockets, the argument
/// checks at and one past their limits, name resolution without a resolver, and the fault table.
/// </summary>
public class EndpointMutationTests
{
    private static string TempSocketPath() => Path.Combine(Path.GetTempPath(), $"pssocket-{Guid.NewGuid():N}.sock");

    /// <summary>Longer than sun_path (108 bytes with its terminating zero).</summary>
    private static string TooLongPath() => "/tmp/" + new string('p', 120) + ".sock";

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_backlog_below_one_is_refused_for_both_kinds_of_listener(int backlog)
    {
        var e = Assert.Throws<PSSocketException>(() => SocketListener.Start(IPAddress.Loopback, 0, backlog, false));
        Assert.Equal("BacklogOutOfRange", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
        Assert.Equal(backlog, e.Target);
        string path = TempSocketPath();
        var unix = Assert.Throws<PSSocketException>(() => SocketListener.StartUnix(path, backlog));
        Assert.Equal("BacklogOutOfRange", unix.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public Task A_backlog_of_one_listens_and_accepts() => Bounded(async () =>
    {
        using var listener = Listen("127.0.0.1", backlog: 1);
        Assert.Equal(1, listener.Backlog);
        var (client, server) = await PairAsync(listener);
        client.Dispose();
        server.Dispose();
    });

    [Fact]
    public void Listening_needs_an_address_and_a_path()
    {
        Assert.Throws<ArgumentNullException>(() => SocketListener.Start(null!, 0, 4, false));
        Assert.Throws<ArgumentNullException>(() => SocketListener.StartUnix(null!, 4));
        Assert.Throws<ArgumentException>(() => SocketListener.StartUnix(string.Empty, 4));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void A_listener_without_dual_mode_is_not_dual_mode_even_where_the_system_default_is(string address)
    {
        // Linux makes IPv6 sockets dual-stack unless IPV6_V6ONLY is set (net.ipv6.bindv6only=0).
        using var listener = SocketListener.Start(IPAddress.Parse(address), 0, 4, dualMode: false);
        Assert.False(listener.DualMode);
        Socket socket = listener.WaitSocket!;
        Assert.False(socket.AddressFamily == AddressFamily.InterNetworkV6 && socket.DualMode);
    }

    [Fact]
    public void A_listener_reads_as_transport_endpoint_and_state_and_forgets_its_socket_when_stopped()
    {
        var listener = Listen("::1");
        Assert.Equal($"Tcp [::1]:{listener.LocalPort} Listening", listener.ToString());
        Assert.Equal(ListenerState.Listening, listener.State);
        Assert.NotNull(listener.WaitSocket);
        listener.Dispose();
        Assert.Equal(ListenerState.Stopped, listener.State);
        Assert.Null(listener.WaitSocket);
        Assert.Equal($"Tcp [::1]:{listener.LocalPort} Stopped", listener.ToString());
        listener.Stop(); // twice: no error
    }

    [Fact]
    public Task Accepting_on_a_stopped_listener_is_ListenerStopped_with_the_endpoint_as_target() => Bounded(async () =>
    {
        var listener = Listen("127.0.0.1");
        listener.Stop();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => listener.AcceptAsync(Short, default));
        Assert.Equal("ListenerStopped", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidOperation, e.Category);
        Assert.Equal("127.0.0.1:" + listener.LocalPort, e.Target);
        Assert.Equal($"The listener on 127.0.0.1:{listener.LocalPort} is stopped.", e.Message);
    });

    [Fact]
    public Task An_accept_timeout_says_what_timed_out() => Bounded(async () =>
    {
        using var listener = Listen("127.0.0.1");
        var e = await Assert.ThrowsAsync<PSSocketException>(() => listener.AcceptAsync(TimeSpan.FromMilliseconds(120), default));
        Assert.Equal($"Waiting for a connection on 127.0.0.1:{listener.LocalPort} timed out after 0.12 s.", e.Message);
    });

    [Fact]
    public Task An_AF_UNIX_pair_has_no_ports_and_names_the_path_on_both_sides() => Bounded(async () =>
    {
        string path = TempSocketPath();
        using var listener = SocketListener.StartUnix(path, 4);
        Assert.Equal($"Unix {path} Listening", listener.ToString());
        Assert.Equal(0, listener.LocalPort);
        Assert.False(listener.DualMode);
        Task<SocketConnection> accepting = listener.AcceptAsync(Short, default);
        using SocketConnection client = await StreamConnector.ConnectUnixAsync(path, Short, default);
        using SocketConnection server = await accepting;
        // The client is not bound to a path and the server side has no peer path: both empty.
        Assert.Equal(string.Empty, client.LocalAddress);
        Assert.Equal(string.Empty, server.RemoteAddress);
        Assert.Equal((0, 0, 0, 0), (client.LocalPort, client.RemotePort, server.LocalPort, server.RemotePort));
        Assert.Equal(path, client.Target);
        Assert.Equal(path, server.Target);
        Assert.Equal($"unix {path} Established", client.ToString());
        Assert.Equal($"unix {path} Established", server.ToString());
    });

    [Fact]
    public void Stopping_a_listener_twice_leaves_the_next_listener_on_its_path_alone()
    {
        string path = TempSocketPath();
        var first = SocketListener.StartUnix(path, 4);
        first.Stop();
        using var second = SocketListener.StartUnix(path, 4);
        first.Stop();
        first.Dispose();
        Assert.True(File.Exists(path), "a stopped listener removed the socket file of the one after it");
    }

    [Fact]
    public void A_unix_listener_in_a_missing_directory_is_UnixSocketDirectoryNotFound()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"pssocket-missing-{Guid.NewGuid():N}");
        string path = Path.Combine(directory, "s.sock");
        var e = Assert.Throws<PSSocketException>(() => SocketListener.StartUnix(path, 4));
        Assert.Equal("UnixSocketDirectoryNotFound", e.ErrorId);
        Assert.Equal(FaultCategory.ObjectNotFound, e.Category);
        Assert.Equal(path, e.Target);
    }

    [Fact]
    public void Stopping_a_TCP_listener_deletes_no_file_named_like_its_address()
    {
        // Only an AF_UNIX listener owns a file; a TCP one's address is no path, even where a file has its name.
        string file = Path.Combine(Environment.CurrentDirectory, "127.0.0.1");
        File.WriteAllText(file, "not a socket");
        try
        {
            var listener = Listen("127.0.0.1");
            listener.Stop();
            Assert.True(File.Exists(file), "stopping a TCP listener deleted a file named like its address");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_TCP_port_in_use_says_listening_failed()
    {
        using var first = Listen("127.0.0.1");
        var e = Assert.Throws<PSSocketException>(() => SocketListener.Start(IPAddress.Loopback, first.LocalPort, 4, false));
        Assert.StartsWith($"Listening on 127.0.0.1:{first.LocalPort} failed: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task A_name_that_does_not_resolve_says_resolving_failed() => Bounded(async () =>
    {
        // .invalid never resolves (RFC 6761, section 6.4).
        var e = await Assert.ThrowsAsync<PSSocketException>(() => HostResolver.ResolveAsync("no-such-host.invalid", AddressFamily.Unspecified, default));
        Assert.Equal("HostNotFound", e.ErrorId);
        Assert.StartsWith("Resolving no-such-host.invalid failed: ", e.Message, StringComparison.Ordinal);
    });

    [Fact]
    public void A_unix_listener_on_a_taken_path_says_listening_failed()
    {
        string path = TempSocketPath();
        using var first = SocketListener.StartUnix(path, 4);
        var e = Assert.Throws<PSSocketException>(() => SocketListener.StartUnix(path, 4));
        Assert.Equal("AddressAlreadyInUse", e.ErrorId);
        Assert.StartsWith($"Listening on {path} failed: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task A_path_longer_than_sun_path_is_InvalidUnixPath_for_listening_and_connecting() => Bounded(async () =>
    {
        string path = TooLongPath();
        var listen = Assert.Throws<PSSocketException>(() => SocketListener.StartUnix(path, 4));
        Assert.Equal("InvalidUnixPath", listen.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, listen.Category);
        Assert.Equal(path, listen.Target);
        var connect = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectUnixAsync(path, Short, default));
        Assert.Equal("InvalidUnixPath", connect.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, connect.Category);
        Assert.Equal(path, connect.Target);
    });

    [Fact]
    public Task Connecting_to_a_missing_path_is_UnixSocketNotFound() => Bounded(async () =>
    {
        string path = TempSocketPath();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectUnixAsync(path, Short, default));
        Assert.Equal("UnixSocketNotFound", e.ErrorId);
        Assert.Equal(FaultCategory.ObjectNotFound, e.Category);
    });

    [Fact]
    public Task Connecting_to_a_path_in_a_missing_directory_is_UnixSocketNotFound_not_a_listening_error() => Bounded(async () =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"pssocket-missing-{Guid.NewGuid():N}", "s.sock");
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectUnixAsync(path, Short, default));
        Assert.Equal("UnixSocketNotFound", e.ErrorId);
        Assert.Equal(path, e.Target);
    });

    [Fact]
    public void A_unix_listener_where_no_socket_file_can_be_made_is_the_systems_error_not_a_missing_file()
    {
        // /proc exists but takes no new files: bind(2) fails there (ENOENT) even for root.
        const string Path = "/proc/pssocket-test.sock";
        var e = Assert.Throws<PSSocketException>(() => SocketListener.StartUnix(Path, 4));
        Assert.Equal("AddressNotAvailable", e.ErrorId);
        Assert.Equal(Path, e.Target);
        Assert.StartsWith($"Listening on {Path} failed: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unix_fault_needs_the_socket_error() =>
        Assert.Throws<ArgumentNullException>(() => SocketFaults.FromUnix(null!, "/tmp/x.sock", listening: true));

    [Fact]
    public Task Connecting_to_a_path_that_is_no_listening_socket_is_refused_not_missing() => Bounded(async () =>
    {
        // connect(2) to a regular file, a directory, or a socket file nobody listens on: ECONNREFUSED.
        string file = Path.GetTempFileName();
        string directory = Directory.CreateTempSubdirectory("pssocket-").FullName;
        string stale = TempSocketPath();
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(stale));
        try
        {
            foreach (string path in new[] { file, directory, stale })
            {
                var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectUnixAsync(path, Short, default));
                Assert.Equal("ConnectionRefused", e.ErrorId);
                Assert.Equal(path, e.Target);
                Assert.StartsWith($"Connecting to {path} failed: ", e.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(file);
            Directory.Delete(directory);
            File.Delete(stale);
        }
    });

    [Fact]
    public Task Connecting_to_a_unix_path_needs_a_path_and_a_positive_timeout() => Bounded(async () =>
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => StreamConnector.ConnectUnixAsync(null!, Short, default));
        await Assert.ThrowsAsync<ArgumentException>(() => StreamConnector.ConnectUnixAsync(string.Empty, Short, default));
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectUnixAsync(TempSocketPath(), TimeSpan.Zero, default));
        Assert.Equal("TimeoutOutOfRange", e.ErrorId);
        Assert.Equal("The connect timeout must be positive.", e.Message);
    });

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public Task A_connect_timeout_must_be_positive(int milliseconds) => Bounded(async () =>
    {
        var timeout = TimeSpan.FromMilliseconds(milliseconds);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync("127.0.0.1", 80, timeout, 0, AddressFamily.Unspecified, default));
        Assert.Equal("TimeoutOutOfRange", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
        Assert.Equal(timeout, e.Target);
        Assert.Equal("The connect timeout must be positive.", e.Message);
    });

    [Fact]
    public Task A_connect_without_a_time_limit_connects() => Bounded(async () =>
    {
        using var listener = Listen("127.0.0.1");
        Task<SocketConnection> accepting = listener.AcceptAsync(Short, default);
        using SocketConnection client = await StreamConnector.ConnectAsync("127.0.0.1", listener.LocalPort, Timeout.InfiniteTimeSpan, 0, AddressFamily.Unspecified, default);
        using SocketConnection server = await accepting;
        Assert.Equal(client.LocalPort, server.RemotePort);
    });

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public Task A_local_port_out_of_range_is_refused(int localPort) => Bounded(async () =>
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync("127.0.0.1", 80, Short, localPort, AddressFamily.Unspecified, default));
        Assert.Equal("PortOutOfRange", e.ErrorId);
        Assert.Equal(localPort, e.Target);
    });

    [Fact]
    public Task A_busy_local_port_ends_the_attempts_at_once_instead_of_trying_the_next_address() => Bounded(async () =>
    {
        // The local port is taken for IPv6 only (an IPV6_V6ONLY listener on ::1): binding it for
        // the first address fails; the second, IPv4, address could bind and connect.
        using var busy = Listen("::1");
        using var target = Listen("127.0.0.1");
        Task<SocketConnection> accepting = target.AcceptAsync(TimeSpan.FromMilliseconds(500), default);
        var e = await Assert.ThrowsAsync<PSSocketException>(() =>
            StreamConnector.ConnectAnyAsync([IPAddress.IPv6Loopback, IPAddress.Loopback], target.LocalPort, Short, busy.LocalPort, default));
        Assert.Equal("AddressAlreadyInUse", e.ErrorId);
        Assert.Equal("[::]:" + busy.LocalPort, e.Target);
        await Assert.ThrowsAsync<PSSocketException>(() => accepting); // nobody came
    });

    [Fact]
    public Task A_connect_timeout_says_what_timed_out() => Bounded(async () =>
    {
        using Silent silent = await SilentAsync("127.0.0.1");
        var e = await Assert.ThrowsAsync<PSSocketException>(() =>
            StreamConnector.ConnectAsync(IPAddress.Loopback, silent.Port, TimeSpan.FromMilliseconds(200), 0, default));
        Assert.Equal($"Connecting to 127.0.0.1:{silent.Port} timed out after 0.2 s.", e.Message);
    });

    [Fact]
    public Task A_refused_connect_says_connecting_failed() => Bounded(async () =>
    {
        using Socket nobody = BoundNotListening("127.0.0.1");
        int port = ((IPEndPoint)nobody.LocalEndPoint!).Port;
        var e = await Assert.ThrowsAsync<PSSocketException>(() => StreamConnector.ConnectAsync(IPAddress.Loopback, port, Short, 0, default));
        Assert.StartsWith($"Connecting to 127.0.0.1:{port} failed: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(" (ConnectionRefused).", e.Message, StringComparison.Ordinal);
    });

    [Fact]
    public Task A_connect_needs_addresses() => Bounded(async () =>
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => StreamConnector.ConnectAnyAsync(null!, 80, Short, 0, default));
        await Assert.ThrowsAsync<ArgumentNullException>(() => StreamConnector.ConnectAsync((IPAddress)null!, 80, Short, 0, default));
    });

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public Task An_empty_host_name_is_HostNotFound(string host) => Bounded(async () =>
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => HostResolver.ResolveAsync(host, AddressFamily.Unspecified, default));
        Assert.Equal("HostNotFound", e.ErrorId);
        Assert.Equal(FaultCategory.ObjectNotFound, e.Category);
        Assert.Equal(host, e.Target);
        await Assert.ThrowsAsync<ArgumentNullException>(() => HostResolver.ResolveAsync(null!, AddressFamily.Unspecified, default));
    });

    [Theory]
    [InlineData("127.0.0.1", AddressFamily.Unspecified, "127.0.0.1")]
    [InlineData("127.0.0.1", AddressFamily.InterNetwork, "127.0.0.1")]
    [InlineData("::1", AddressFamily.InterNetworkV6, "::1")]
    [InlineData("[::1]", AddressFamily.Unspecified, "::1")]
    [InlineData("[fe80::1]", AddressFamily.InterNetworkV6, "fe80::1")]
    public Task A_literal_address_resolves_to_itself(string host, AddressFamily family, string expected) => Bounded(async () =>
    {
        IPAddress[] all = await HostResolver.ResolveAsync(host, family, default);
        Assert.Equal(new[] { IPAddress.Parse(expected) }, all);
    });

    [Theory]
    [InlineData("127.0.0.1", AddressFamily.InterNetworkV6)]
    [InlineData("::1", AddressFamily.InterNetwork)]
    public Task A_literal_of_the_other_family_is_HostNotFound(string host, AddressFamily family) => Bounded(async () =>
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => HostResolver.ResolveAsync(host, family, default));
        Assert.Equal("HostNotFound", e.ErrorId);
        Assert.Equal(host, e.Target);
    });

    [Fact]
    public Task A_name_longer_than_DNS_allows_is_HostNotFound_without_asking_a_resolver() => Bounded(async () =>
    {
        string host = new string('a', 300) + ".example";
        var e = await Assert.ThrowsAsync<PSSocketException>(() => HostResolver.ResolveAsync(host, AddressFamily.Unspecified, default));
        Assert.Equal("HostNotFound", e.ErrorId);
        Assert.Equal(FaultCategory.ObjectNotFound, e.Category);
        Assert.Equal(host, e.Target);
        Assert.IsAssignableFrom<ArgumentException>(e.InnerException);
    });

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("LocalHost")]
    public void Localhost_or_no_address_binds_both_loopbacks(string? address) =>
        Assert.Equal(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }, HostResolver.ParseBindAddresses(address));

    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("[::1]", "::1")]
    [InlineData("::", "::")]
    public void A_bind_address_is_parsed_alone(string address, string expected)
    {
        Assert.Equal(new[] { IPAddress.Parse(expected) }, HostResolver.ParseBindAddresses(address));
        Assert.Equal(IPAddress.Parse(expected), HostResolver.ParseBindAddress(address));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_bind_address_is_the_IPv4_loopback(string? address) =>
        Assert.Equal(IPAddress.Loopback, HostResolver.ParseBindAddress(address));

    [Fact]
    public void A_name_is_not_a_bind_address()
    {
        var e = Assert.Throws<PSSocketException>(() => HostResolver.ParseBindAddress("example.com"));
        Assert.Equal("InvalidAddress", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
        Assert.Equal("example.com", e.Target);
    }

    [Theory]
    [InlineData(0, true, true)]
    [InlineData(0, false, false)]
    [InlineData(1, false, true)]
    [InlineData(65535, false, true)]
    [InlineData(65535, true, true)]
    [InlineData(65536, true, false)]
    [InlineData(-1, true, false)]
    public void Ports_run_from_one_or_zero_to_65535(int port, bool allowZero, bool valid)
    {
        if (valid)
        {
            Assert.Equal(port, SocketArguments.CheckPort(port, allowZero));
            return;
        }

        var e = Assert.Throws<PSSocketException>(() => SocketArguments.CheckPort(port, allowZero));
        Assert.Equal("PortOutOfRange", e.ErrorId);
        Assert.Equal(port, e.Target);
    }

    [Theory]
    [InlineData(1L, true)]
    [InlineData(0L, false)]
    [InlineData(-1L, false)]
    [InlineData(-10_000L, true)] // -1 ms: Timeout.InfiniteTimeSpan
    [InlineData(-20_000L, false)]
    public void A_timeout_is_positive_or_infinite(long ticks, bool valid)
    {
        var timeout = TimeSpan.FromTicks(ticks);
        if (valid)
        {
            Assert.Equal(timeout, SocketArguments.CheckTimeout(timeout, "test"));
            return;
        }

        var e = Assert.Throws<PSSocketException>(() => SocketArguments.CheckTimeout(timeout, "test"));
        Assert.Equal("TimeoutOutOfRange", e.ErrorId);
    }

    [Theory]
    [InlineData(SocketError.TimedOut, FaultCategory.OperationTimeout)]
    [InlineData(SocketError.WouldBlock, FaultCategory.OperationTimeout)]
    [InlineData(SocketError.AccessDenied, FaultCategory.PermissionDenied)]
    [InlineData(SocketError.AddressAlreadyInUse, FaultCategory.ResourceExists)]
    [InlineData(SocketError.HostNotFound, FaultCategory.ObjectNotFound)]
    [InlineData(SocketError.NoData, FaultCategory.ObjectNotFound)]
    [InlineData(SocketError.TryAgain, FaultCategory.ObjectNotFound)]
    [InlineData(SocketError.AddressNotAvailable, FaultCategory.InvalidArgument)]
    [InlineData(SocketError.InvalidArgument, FaultCategory.InvalidArgument)]
    [InlineData(SocketError.AddressFamilyNotSupported, FaultCategory.InvalidArgument)]
    [InlineData(SocketError.OperationAborted, FaultCategory.OperationStopped)]
    [InlineData(SocketError.Interrupted, FaultCategory.OperationStopped)]
    [InlineData(SocketError.NoBufferSpaceAvailable, FaultCategory.ResourceUnavailable)]
    [InlineData(SocketError.TooManyOpenSockets, FaultCategory.ResourceUnavailable)]
    [InlineData(SocketError.ConnectionRefused, FaultCategory.ConnectionError)]
    [InlineData(SocketError.ConnectionReset, FaultCategory.ConnectionError)]
    [InlineData(SocketError.NetworkUnreachable, FaultCategory.ConnectionError)]
    [InlineData(SocketError.HostUnreachable, FaultCategory.ConnectionError)]
    public void Each_socket_error_has_its_category_and_is_the_ErrorId(SocketError error, FaultCategory category)
    {
        Assert.Equal(category, SocketFaults.Category(error));
        var e = SocketFaults.From(new SocketException((int)error), "host:1");
        Assert.Equal(error.ToString(), e.ErrorId);
        Assert.Equal(category, e.Category);
        Assert.Equal("host:1", e.Target);
        Assert.Equal($"host:1: {e.InnerException!.Message} ({error}).", e.Message);
        Assert.Equal(error == SocketError.TimedOut, SocketFaults.IsTimedOut(e));
    }

    [Fact]
    public void A_time_limit_that_ran_out_is_TimedOut()
    {
        var e = SocketFaults.TimedOut("h:1", "Doing", TimeSpan.FromMilliseconds(1500));
        Assert.True(SocketFaults.IsTimedOut(e));
        Assert.Equal("Doing h:1 timed out after 1.5 s.", e.Message);
        Assert.False(SocketFaults.IsTimedOut(SocketFaults.Closed("h:1", "Doing")));
    }

    [Fact]
    public Task Without_a_time_limit_the_operation_gets_the_callers_own_token() => Bounded(async () =>
    {
        using var caller = new CancellationTokenSource();
        CancellationToken seen = default;
        int result = await TimeLimit.RunAsync(token =>
        {
            seen = token;
            return Task.FromResult(7);
        }, Timeout.InfiniteTimeSpan, () => throw new InvalidOperationException("no time limit to run out"), caller.Token);
        Assert.Equal(7, result);
        Assert.Equal(caller.Token, seen);

        await TimeLimit.RunAsync(token =>
        {
            seen = token;
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(5), () => throw new InvalidOperationException("ran out"), caller.Token);
        Assert.NotEqual(caller.Token, seen); // a linked token carrying the deadline
        Assert.True(seen.CanBeCanceled);
    });

    [Fact]
    public Task A_time_limit_that_runs_out_raises_the_given_fault_and_a_cancellation_stays_one() => Bounded(async () =>
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => TimeLimit.RunAsync(
            token => Task.Delay(Timeout.Infinite, token), TimeSpan.FromMilliseconds(50), () => SocketFaults.TimedOut("t", "Waiting for", TimeSpan.FromMilliseconds(50)), default));
        Assert.Equal("TimedOut", e.ErrorId);

        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TimeLimit.RunAsync(
            token => Task.Delay(Timeout.Infinite, token), Short, () => SocketFaults.TimedOut("t", "Waiting for", Short), caller.Token));

        using var endless = TimeLimit.Start(Timeout.InfiniteTimeSpan, default);
        using var brief = TimeLimit.Start(TimeSpan.FromMilliseconds(30), default);
        await Task.Delay(Timeout.Infinite, brief.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.False(endless.IsCancellationRequested);
    });

    [Fact]
    public async Task A_request_records_the_reply_length_and_can_be_abandoned()
    {
        var request = new SocketRequest(SocketProtocol.Udp, 0, "127.0.0.1", 5000, 6000, "héllo"u8.ToArray(), Encoding.UTF8);
        Assert.Equal(("héllo", 6, 0), (request.Text, request.Length, request.ReplyLength));
        request.Reply("abc"u8.ToArray());
        Assert.Equal(3, request.ReplyLength);
        Assert.Equal("abc", Text(await request.ReplyTask));

        var silent = new SocketRequest(SocketProtocol.Tcp, 9, "::1", 1, 2, [], Encoding.UTF8);
        silent.Reply(null);
        Assert.Equal(0, silent.ReplyLength);
        Assert.Null(await silent.ReplyTask);

        var abandoned = new SocketRequest(SocketProtocol.Tcp, 9, "::1", 1, 2, [], Encoding.UTF8);
        abandoned.Abandon();
        Assert.True(abandoned.ReplyTask.IsCanceled);
    }

    [Fact]
    public Task A_message_is_its_text_and_keeps_its_terminator() => Paired(async (client, server) =>
    {
        var message = new TcpMessage(server, "hé"u8.ToArray(), "\r\n"u8.ToArray(), Encoding.UTF8);
        Assert.Equal(("hé", 3, "hé"), (message.Text, message.Length, message.ToString()));
        Assert.Equal("\r\n"u8.ToArray(), message.Terminator);
        Assert.Same(server, message.Connection);
    });
}
