using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace PSSocket.Core.Host;

/// <summary>
/// Windows: GetExtendedTcpTable/GetExtendedUdpTable with owning process ids (the tables netstat -ano
/// prints). Windows keeps no send/receive queue sizes or inodes in these tables, and the owner's user
/// needs a handle to each process (OpenProcessToken), so SendQueue, ReceiveQueue, UserId and User stay null.
/// </summary>
internal sealed partial class WindowsSocketTable : ISocketTableSource
{
    private const int AfInet = 2;
    private const int AfInet6 = 23;
    private const int TcpTableOwnerPidAll = 5;
    private const int UdpTableOwnerPid = 1;

    private readonly Dictionary<SocketTableEntry, int> _pids = [];

    public IEnumerable<SocketTableEntry> Read(SocketTableProtocol protocol)
    {
        if (protocol == SocketTableProtocol.Unix)
        {
            return []; // Windows' AF_UNIX sockets appear in no system table.
        }

        bool tcp = protocol == SocketTableProtocol.Tcp;
        var entries = new List<(SocketTableEntry Entry, int Pid)>();
        foreach (int family in new[] { AfInet, AfInet6 })
        {
            byte[] table = Fetch(tcp, family);
            entries.AddRange(tcp ? ParseTcp(table, family == AfInet6) : ParseUdp(table, family == AfInet6));
        }

        foreach (var (entry, pid) in entries)
        {
            _pids[entry] = pid;
        }

        return entries.Select(e => e.Entry);
    }

    public void AddOwners(IReadOnlyList<SocketTableEntry> entries)
    {
        var names = new Dictionary<int, string?>();
        foreach (SocketTableEntry e in entries)
        {
            if (!_pids.TryGetValue(e, out int pid) || pid == 0)
            {
                continue;
            }

            e.ProcessId = pid;
            if (!names.TryGetValue(pid, out string? name))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    name = process.ProcessName;
                }
                catch (ArgumentException)
                {
                    name = null; // exited since the table was read
                }

                names[pid] = name;
            }

            e.ProcessName = name;
        }
    }

    /// <summary>MIB_TCPTABLE_OWNER_PID (24-byte rows) or MIB_TCP6TABLE_OWNER_PID (56-byte rows), after a DWORD count.</summary>
    internal static IEnumerable<(SocketTableEntry, int)> ParseTcp(ReadOnlySpan<byte> table, bool ipv6)
    {
        var rows = new List<(SocketTableEntry, int)>();
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(table);
        int size = ipv6 ? 56 : 24;
        for (int i = 0; i < count && 4 + ((i + 1) * size) <= table.Length; i++)
        {
            ReadOnlySpan<byte> r = table.Slice(4 + (i * size), size);
            IPAddress local, remote;
            int localPort, remotePort, state, pid;
            if (ipv6)
            {
                local = new IPAddress(r[..16], BinaryPrimitives.ReadUInt32LittleEndian(r[16..]));
                localPort = Port(r[20..]);
                remote = new IPAddress(r[24..40], BinaryPrimitives.ReadUInt32LittleEndian(r[40..]));
                remotePort = Port(r[44..]);
                state = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[48..]);
                pid = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[52..]);
            }
            else
            {
                state = (int)BinaryPrimitives.ReadUInt32LittleEndian(r);
                local = new IPAddress(r[4..8]);
                localPort = Port(r[8..]);
                remote = new IPAddress(r[12..16]);
                remotePort = Port(r[16..]);
                pid = (int)BinaryPrimitives.ReadUInt32LittleEndian(r[20..]);
            }

            SocketTableState s = TcpState(state);
            rows.Add((new SocketTableEntry(SocketTableProtocol.Tcp, ipv6 ? "IPv6" : "IPv4", local.ToString(), localPort,
                remote.ToString(), s == SocketTableState.Listen ? 0 : remotePort, s, null, null, null, 0), pid));
        }

        return rows;
    }

    /// <summary>MIB_UDPTABLE_OWNER_PID (12-byte rows) or MIB_UDP6TABLE_OWNER_PID (28-byte rows), after a DWORD count.</summary>
    internal static IEnumerable<(SocketTableEntry, int)> ParseUdp(ReadOnlySpan<byte> table, bool ipv6)
    {
        var rows = new List<(SocketTableEntry, int)>();
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(table);
        int size = ipv6 ? 28 : 12;
        for (int i = 0; i < count && 4 + ((i + 1) * size) <= table.Length; i++)
        {
            ReadOnlySpan<byte> r = table.Slice(4 + (i * size), size);
            IPAddress local = ipv6 ? new IPAddress(r[..16], BinaryPrimitives.ReadUInt32LittleEndian(r[16..])) : new IPAddress(r[..4]);
            int port = Port(ipv6 ? r[20..] : r[4..]);
            int pid = (int)BinaryPrimitives.ReadUInt32LittleEndian(ipv6 ? r[24..] : r[8..]);
            string any = ipv6 ? "::" : "0.0.0.0";
            rows.Add((new SocketTableEntry(SocketTableProtocol.Udp, ipv6 ? "IPv6" : "IPv4", local.ToString(), port, any, 0,
                SocketTableState.Unconnected, null, null, null, 0), pid));
        }

        return rows;
    }

    /// <summary>MIB_TCP_STATE: CLOSED 1, LISTEN 2, SYN_SENT 3, SYN_RCVD 4, ESTAB 5, FIN_WAIT1 6, FIN_WAIT2 7, CLOSE_WAIT 8, CLOSING 9, LAST_ACK 10, TIME_WAIT 11, DELETE_TCB 12.</summary>
    internal static SocketTableState TcpState(int state) => state switch
    {
        1 => SocketTableState.Closed,
        2 => SocketTableState.Listen,
        3 => SocketTableState.SynSent,
        4 => SocketTableState.SynReceived,
        5 => SocketTableState.Established,
        6 => SocketTableState.FinWait1,
        7 => SocketTableState.FinWait2,
        8 => SocketTableState.CloseWait,
        9 => SocketTableState.Closing,
        10 => SocketTableState.LastAck,
        11 => SocketTableState.TimeWait,
        12 => SocketTableState.Closed,
        _ => SocketTableState.Unknown,
    };

    /// <summary>A port DWORD holds the port in network order in its first two bytes.</summary>
    private static int Port(ReadOnlySpan<byte> dword) => BinaryPrimitives.ReadUInt16BigEndian(dword);

    private static byte[] Fetch(bool tcp, int family)
    {
        int size = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            byte[] buffer = new byte[Math.Max(size, 4)];
            int result = tcp
                ? GetExtendedTcpTable(buffer, ref size, false, family, TcpTableOwnerPidAll, 0)
                : GetExtendedUdpTable(buffer, ref size, false, family, UdpTableOwnerPid, 0);
            if (result == 0)
            {
                return buffer;
            }

            const int InsufficientBuffer = 122;
            if (result != InsufficientBuffer)
            {
                throw new PSSocketException("SocketTableUnavailable", FaultCategory.ResourceUnavailable, tcp ? "tcp" : "udp",
                    $"Windows refused the {(tcp ? "TCP" : "UDP")} table (error {result}).");
            }
        }

        throw new PSSocketException("SocketTableUnavailable", FaultCategory.ResourceUnavailable, tcp ? "tcp" : "udp",
            "The socket table kept growing while it was read; try again.");
    }

    [LibraryImport("iphlpapi.dll")]
    private static partial int GetExtendedTcpTable(byte[] table, ref int size, [MarshalAs(UnmanagedType.Bool)] bool order, int family, int tableClass, int reserved);

    [LibraryImport("iphlpapi.dll")]
    private static partial int GetExtendedUdpTable(byte[] table, ref int size, [MarshalAs(UnmanagedType.Bool)] bool order, int family, int tableClass, int reserved);
}
