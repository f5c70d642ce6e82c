using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// A server whose accept fails because the process has no descriptor free (EMFILE: the soft
/// RLIMIT_NOFILE lowered to the lowest free descriptor while a client waits in the backlog) neither
/// gives up accepting nor retries at full speed, and serves that client once a descriptor is free.
/// The handler server retried at once and used a whole CPU for the 0.5 s window (0.48-0.52 s, 8 runs);
/// both servers now pause 50 ms between failed accepts. A server that has accepted nothing yet does
/// not show it (the runtime's first accept waits for the socket to be readable), so each test serves
/// one client first. A loop that ended on the failure leaves the client unserved (checked by hand).
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed partial class AcceptExhaustionTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    /// <summary>A connection with descriptors to spare first, so the window's CPU time is not the first connection's compiling.</summary>
    private static readonly bool[] SpareThenFull = [false, true];

    [LinuxFact]
    public Task The_echo_server_keeps_accepting_through_a_full_descriptor_table_without_spinning() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions());
        foreach (bool full in SpareThenFull)
        {
            using var client = Connect(server.LocalPort, full);
            Assert.Equal(full, server.LastError?.Contains("Too many open files", StringComparison.OrdinalIgnoreCase) == true);
            client.Send("again"u8);
            byte[] echoed = new byte[5];
            Assert.Equal(5, client.Receive(echoed));
            Assert.Equal("again", Encoding.ASCII.GetString(echoed));
        }

        Assert.Equal(2, server.ConnectionsAccepted);
    });

    [LinuxFact]
    public Task The_handler_server_keeps_accepting_through_a_full_descriptor_table_without_spinning() => Bounded(async () =>
    {
        using var server = HandlerServer.Start(new HandlerServerOptions());
        foreach (bool full in SpareThenFull)
        {
            using var client = Connect(server.LocalPort, full);
            client.Send("again\n"u8);
            SocketRequest request = await server.Requests.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("again", request.Text);
            request.Reply("AGAIN\n"u8.ToArray());
            byte[] reply = new byte[6];
            Assert.Equal(6, client.Receive(reply));
            Assert.Equal("AGAIN\n", Encoding.ASCII.GetString(reply));
        }
    });

    /// <summary>
    /// A client connected to <paramref name="port"/>; with <paramref name="full"/>, while no descriptor is free,
    /// and the server must not have spent half the window's CPU meanwhile.
    /// </summary>
    private static Socket Connect(int port, bool full)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 };
        if (full)
        {
            Assert.InRange(WhileNoDescriptorIsFree(() => client.Connect(IPAddress.Loopback, port)), TimeSpan.Zero, Window / 2);
        }
        else
        {
            client.Connect(IPAddress.Loopback, port);
        }

        return client;
    }

    /// <summary>
    /// Runs <paramref name="connect"/> (whose socket already has its descriptor) with no descriptor free in
    /// this process, keeps it so for <see cref="Window"/>, and returns the CPU time the process spent meanwhile.
    /// </summary>
    private static TimeSpan WhileNoDescriptorIsFree(Action connect)
    {
        Assert.Equal(0, Native.getrlimit(NoFile, out var limit));
        // The listing's own descriptor (the /proc/<pid>/fd directory) is closed again once it is read.
        var open = Directory.GetFiles("/proc/self/fd")
            .Where(f => new FileInfo(f).LinkTarget is not { } target || !target.EndsWith("/fd", StringComparison.Ordinal))
            .Select(f => int.Parse(Path.GetFileName(f), CultureInfo.InvariantCulture))
            .ToHashSet();
        int lowestFree = Enumerable.Range(0, int.MaxValue).First(fd => !open.Contains(fd));
        TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
        var full = limit with { Current = (ulong)lowestFree };
        Assert.Equal(0, Native.setrlimit(NoFile, in full));
        try
        {
            connect();
            Thread.Sleep(Window);
        }
        finally
        {
            Assert.Equal(0, Native.setrlimit(NoFile, in limit));
        }

        return Process.GetCurrentProcess().TotalProcessorTime - before;
    }

    private const int NoFile = 7; // RLIMIT_NOFILE on Linux

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Rlimit(ulong Current, ulong Maximum);

    private static partial class Native
    {
        [LibraryImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int getrlimit(int resource, out Rlimit limit);

        [LibraryImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int setrlimit(int resource, in Rlimit limit);
    }
}
