using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PSSocket.Core.Packets;
using static PSSocket.Core.Capture.LinuxPacketSocketNative;

namespace PSSocket.Core.Capture;

/// <summary>
/// Injects packets: whole IPv4/IPv6 packets through a raw IP socket with the header included
/// (IP_HDRINCL; IPPROTO_RAW implies it for both families), so the kernel routes them and sends the
/// bytes as built; link-layer frames through AF_PACKET on a named interface, as they are. A named
/// interface must exist (it is looked up before anything is sent), and IP packets given one are
/// sent on it (SO_BINDTODEVICE) rather than wherever the routing table would put them.
/// </summary>
internal sealed unsafe class RawPacketSender : IDisposable
{
    private readonly Dictionary<AddressFamily, Socket> _ipSockets = [];
    private readonly int _packetIndex;
    private int _packetFd = -1;

    /// <summary>The interface to send on; null to send IP packets through the routing table.</summary>
    /// <exception cref="PSSocketException">CaptureInterfaceNotFound: no interface of that name.</exception>
    public RawPacketSender(string? interfaceName)
    {
        InterfaceName = interfaceName;
        if (interfaceName is not null)
        {
            _packetIndex = CaptureInterfaces.Find(interfaceName).Index;
        }
    }

    public string? InterfaceName { get; }

    /// <summary>
    /// Sends a packet object: a frame of its own link type on the named interface, or, without an
    /// interface, its IP packet (the link header taken off) routed by the kernel. Returns the bytes sent.
    /// </summary>
    public int Send(Packet packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        int network = packet.Summary.NetworkOffset;
        if (InterfaceName is not null && packet.LinkType == LinkType.Ethernet)
        {
            return SendFrame(packet.Data);
        }

        if (network < 0 || packet.Summary.IpVersion is not (4 or 6))
        {
            throw new PSSocketException("NotAnIPPacket", FaultCategory.InvalidData, packet,
                string.Create(CultureInfo.InvariantCulture, $"Packet {packet.Number} ({packet.LinkType}) carries no IPv4 or IPv6 packet; give -Interface to send an Ethernet frame as it is."));
        }

        return SendIP(packet.Data.AsSpan(network));
    }

    /// <summary>Bytes: an IP packet (version 4 or 6 in the first nibble) routed by the kernel, or with an interface an Ethernet frame.</summary>
    public int Send(ReadOnlySpan<byte> bytes, bool isFrame)
    {
        if (isFrame)
        {
            return SendFrame(bytes);
        }

        if (bytes.Length < 20 || (bytes[0] >> 4) is not (4 or 6))
        {
            throw new PSSocketException("NotAnIPPacket", FaultCategory.InvalidData, Convert.ToHexString(bytes[..Math.Min(bytes.Length, 16)]),
                "The bytes do not start with an IPv4 or IPv6 header; give -Interface to send them as an Ethernet frame.");
        }

        return SendIP(bytes);
    }

    public void Dispose()
    {
        foreach (var s in _ipSockets.Values)
        {
            s.Dispose();
        }

        _ipSockets.Clear();
        if (_packetFd >= 0)
        {
            _ = Close(_packetFd);
            _packetFd = -1;
        }
    }

    private int SendIP(ReadOnlySpan<byte> ip)
    {
        bool v4 = ip[0] >> 4 == 4;
        if (ip.Length < (v4 ? 20 : 40))
        {
            throw new PSSocketException("NotAnIPPacket", FaultCategory.InvalidData, Convert.ToHexString(ip), "The IP header is incomplete.");
        }

        var family = v4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        var destination = new IPAddress(v4 ? ip.Slice(16, 4) : ip.Slice(24, 16));
        if (!_ipSockets.TryGetValue(family, out var socket))
        {
            try
            {
                socket = new Socket(family, SocketType.Raw, ProtocolType.Raw);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
            {
                throw PermissionDenied("a raw IP socket");
            }

            if (InterfaceName is not null)
            {
                try
                {
                    BindToDevice(socket);
                }
                catch
                {
                    socket.Dispose(); // never kept unbound, so nothing goes out elsewhere later
                    throw;
                }
            }

            _ipSockets[family] = socket;
        }

        try
        {
            return socket.SendTo(ip, new IPEndPoint(destination, 0));
        }
        catch (SocketException e)
        {
            throw new PSSocketException("RawSendFailed", FaultCategory.ConnectionError, destination.ToString(),
                $"Sending {ip.Length} bytes to {destination} failed: {e.Message}.", e);
        }
    }

    private int SendFrame(ReadOnlySpan<byte> frame)
    {
        if (_packetFd < 0)
        {
            if (InterfaceName is null || _packetIndex == 0)
            {
                throw new PSSocketException("InterfaceRequired", FaultCategory.InvalidArgument, InterfaceName,
                    "A link-layer frame needs one interface (not 'any'): it is sent on that interface as it is.");
            }

            int fd = Socket(AfPacket, SockRaw | SockCloexec, 0); // protocol 0: this socket never receives
            if (fd < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw errno is Eperm or Eacces ? PermissionDenied("an AF_PACKET socket") : new PSSocketException("RawSendFailed", FaultCategory.ResourceUnavailable, InterfaceName, Marshal.GetPInvokeErrorMessage(errno));
            }

            _packetFd = fd;
        }

        var address = new SockaddrLl { Family = AfPacket, IfIndex = _packetIndex, HaLen = 6 };
        if (frame.Length >= 14)
        {
            address.Protocol = BinaryPrimitives.ReadUInt16LittleEndian(frame[12..]); // the EtherType, kept in network order
        }

        fixed (byte* data = frame)
        {
            nint sent = SendTo(_packetFd, data, (nuint)frame.Length, 0, &address, sizeof(SockaddrLl));
            if (sent < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new PSSocketException("RawSendFailed", FaultCategory.ConnectionError, InterfaceName,
                    string.Create(CultureInfo.InvariantCulture, $"Sending a {frame.Length}-byte frame on {InterfaceName} failed: {Marshal.GetPInvokeErrorMessage(errno)}."));
            }

            return (int)sent;
        }
    }

    /// <summary>SO_BINDTODEVICE: the kernel sends this socket's packets on the interface whatever the route says.</summary>
    private void BindToDevice(Socket socket)
    {
        const int SoBindToDevice = 25;
        if (_packetIndex == 0)
        {
            throw new PSSocketException("InterfaceRequired", FaultCategory.InvalidArgument, InterfaceName,
                "IP packets go out on one interface or, without -Interface, where the routing table says; 'any' names no interface.");
        }

        try
        {
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, System.Text.Encoding.UTF8.GetBytes(InterfaceName + "\0"));
        }
        catch (SocketException e)
        {
            throw new PSSocketException("RawSendFailed", FaultCategory.ConnectionError, InterfaceName,
                $"Binding the raw socket to {InterfaceName} (SO_BINDTODEVICE) failed: {e.Message}.", e);
        }
    }

    private PSSocketException PermissionDenied(string what) =>
        new("SendPermissionDenied", FaultCategory.PermissionDenied, InterfaceName ?? "raw socket",
            $"Sending through {what} needs root, or the CAP_NET_RAW capability (for example: run pwsh with sudo).");
}
