using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Capture;

/// <summary>
/// Capture on Windows without Npcap, as the course's Windows sniffers do it: a raw IPv4 socket
/// (SocketType.Raw, ProtocolType.IP) bound to the interface's address and switched to receive all
/// of that interface's IP packets with SIO_RCVALL. Packets are IPv4 only (LinkType RawIP), there is
/// no kernel filter (the selection is checked on each packet) and Windows keeps no drop counter for
/// raw sockets, so KernelReceived counts what the socket handed over and KernelDropped stays 0.
/// Only <see cref="Open"/> is Windows-specific and it has not run on this project's Linux build
/// machines; the reader loop, queue, packet construction and filtering run in the Linux tests,
/// fed by an ordinary datagram socket through the internal constructor.
/// </summary>
internal sealed class WindowsRawCapture : PacketCaptureBase
{
    /// <summary>How long one wait for a packet lasts, so a stop is seen within this long.</summary>
    private const int PollSliceMs = 200;

    private readonly Socket _socket;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(ushort.MaxValue + 1);
    private long _received;

    /// <summary>A raw socket has no kernel program: the selection is checked only here, on the frame as cut.</summary>
    protected override bool SelectionCheckedOnWholePacket => false;

    /// <summary>Reads IP packets from <paramref name="source"/>, one per datagram.</summary>
    internal WindowsRawCapture(CaptureOptions options, CaptureInterface device, Socket source)
        : base(options, device)
    {
        _socket = source;
    }

    public override LinkType LinkType => LinkType.RawIP;

    public override string Description => "Windows raw socket (SIO_RCVALL, IPv4 only), selection checked on each packet";

    /// <summary>
    /// Opens the raw socket on the interface's first IPv4 address. Faults: CapturePermissionDenied
    /// (not Administrator), CaptureInterfaceNotFound, CaptureInterfaceRequired ("any"),
    /// CaptureInterfaceHasNoAddress, CaptureSetupFailed, CapturePlatformNotSupported off Windows.
    /// </summary>
    public static WindowsRawCapture Open(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsWindows())
        {
            throw CaptureInterfaces.Unsupported();
        }

        var device = CaptureInterfaces.Find(options.Interface);
        var address = BindAddress(device, options.Interface);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.IP);
        try
        {
            socket.ReceiveBufferSize = options.BufferSize;
            socket.Bind(new IPEndPoint(address, 0));
            const int RcvallOn = 1;
            _ = socket.IOControl(IOControlCode.ReceiveAll, BitConverter.GetBytes(RcvallOn), null);
            return new WindowsRawCapture(options, device, socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SetupFault(device, address, e);
        }
    }

    /// <summary>
    /// The address the raw socket binds to: the interface's first IPv4 one (SIO_RCVALL captures what
    /// reaches the interface of the bound address). Faults: CaptureInterfaceRequired for "any" (index 0),
    /// CaptureInterfaceHasNoAddress. Apart from <see cref="Open"/> so it runs in the Linux tests.
    /// </summary>
    internal static IPAddress BindAddress(CaptureInterface device, string requested)
    {
        if (device.Index == 0)
        {
            throw new PSSocketException("CaptureInterfaceRequired", FaultCategory.InvalidArgument, requested,
                "Without Npcap, capture on Windows reads one interface through a raw socket bound to its address: name the interface (Get-CaptureInterface lists them), or install Npcap for 'any'.");
        }

        return device.Addresses.Select(a => IPAddress.TryParse(a, out var ip) ? ip : null)
            .FirstOrDefault(a => a is { AddressFamily: AddressFamily.InterNetwork })
            ?? throw new PSSocketException("CaptureInterfaceHasNoAddress", FaultCategory.InvalidArgument, device.Name,
                $"Interface '{device.Name}' has no IPv4 address to bind a raw socket to (SIO_RCVALL captures IPv4 only).");
    }

    /// <summary>What a failed set-up of the raw socket means: not elevated (access denied), or anything else.</summary>
    internal static PSSocketException SetupFault(CaptureInterface device, IPAddress address, SocketException e) =>
        e.SocketErrorCode == SocketError.AccessDenied
            ? new PSSocketException("CapturePermissionDenied", FaultCategory.PermissionDenied, device.Name,
                $"Capturing on '{device.Name}' with a raw socket needs an elevated PowerShell (Run as Administrator), or Npcap.")
            : new PSSocketException("CaptureSetupFailed", FaultCategory.ResourceUnavailable, device.Name,
                $"The raw socket on '{device.Name}' ({address}) could not be set up: {e.Message}.", e);

    protected override void Read()
    {
        while (!Done())
        {
            int n;
            try
            {
                if (!_socket.Poll(Math.Min(WaitMilliseconds(), PollSliceMs) * 1000, SelectMode.SelectRead))
                {
                    continue;
                }

                n = _socket.Receive(_buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
            {
                n = _buffer.Length; // Windows fills the buffer and reports the rest as cut; a 64 KiB buffer holds any IP packet
            }
            catch (ObjectDisposedException)
            {
                return; // the socket was closed under the reader: the capture is over
            }
            catch (SocketException e)
            {
                throw new PSSocketException("CaptureSetupFailed", FaultCategory.ResourceUnavailable, Interface.Name,
                    $"Receiving on '{Interface.Name}' failed: {e.Message}.", e);
            }

            Interlocked.Increment(ref _received);
            long ns = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100; // the socket gives no kernel timestamp
            Deliver(_buffer.AsSpan(0, Math.Min(n, Options.SnapLength)), n, ns, Interface.Name, KernelChecksum.Unknown);
            Flush(); // Poll may block next, so nothing waits with the reader
        }
    }

    /// <summary>The reader waits in slices of <see cref="PollSliceMs"/>, so it sees the stop by itself.</summary>
    protected override void Wake()
    {
    }

    protected override void ReadCounters() => SetKernelCounts(Interlocked.Read(ref _received), 0);

    protected override void ReleaseHandles() => _socket.Dispose();
}
