using System.Net;

namespace PSSocket.Core.Host;

/// <summary>What Get-SocketConnection keeps; an empty set means any.</summary>
internal sealed class SocketTableQuery
{
    public HashSet<SocketTableProtocol> Protocols { get; init; } = [];

    public HashSet<SocketTableState> States { get; init; } = [];

    public HashSet<int> LocalPorts { get; init; } = [];

    public HashSet<int> RemotePorts { get; init; } = [];

    public HashSet<int> ProcessIds { get; init; } = [];

    /// <summary>Only listening sockets (TCP Listen, unconnected UDP, listening AF_UNIX).</summary>
    public bool Listening { get; init; }

    /// <summary>One socket of this process: its local and (for a connection) remote endpoint.</summary>
    public (SocketTableProtocol Protocol, string LocalAddress, int LocalPort, string? RemoteAddress, int RemotePort)? Own { get; init; }

    public IEnumerable<SocketTableProtocol> ProtocolsToRead =>
        Protocols.Count > 0 ? Protocols : Own is { } own ? [own.Protocol] : Enum.GetValues<SocketTableProtocol>();

    /// <summary>Tests what the kernel table alone tells (everything but the owner).</summary>
    public bool MatchesTable(SocketTableEntry e)
    {
        if ((Protocols.Count > 0 && !Protocols.Contains(e.Protocol))
            || (States.Count > 0 && !States.Contains(e.State))
            || (LocalPorts.Count > 0 && !LocalPorts.Contains(e.LocalPort))
            || (RemotePorts.Count > 0 && !RemotePorts.Contains(e.RemotePort))
            || (Listening && e.State is not (SocketTableState.Listen or SocketTableState.Unconnected)))
        {
            return false;
        }

        if (Own is { } own)
        {
            bool listener = own.RemoteAddress is null;
            return e.Protocol == own.Protocol && e.LocalPort == own.LocalPort && SameAddress(e.LocalAddress, own.LocalAddress)
                && (listener
                    ? e.State is SocketTableState.Listen or SocketTableState.Unconnected
                    : e.RemotePort == own.RemotePort && SameAddress(e.RemoteAddress, own.RemoteAddress!));
        }

        return true;
    }

    /// <summary>Tests the owner, once it is known.</summary>
    public bool MatchesOwner(SocketTableEntry e) =>
        (ProcessIds.Count == 0 || (e.ProcessId is int pid && ProcessIds.Contains(pid)))
        && (Own is null || e.ProcessId == Environment.ProcessId);

    /// <summary>The kernel writes an IPv4 peer of a dual-mode socket as ::ffff:a.b.c.d; the module's objects write a.b.c.d.</summary>
    private static bool SameAddress(string kernel, string ours)
    {
        if (kernel == ours)
        {
            return true;
        }

        return IPAddress.TryParse(kernel, out IPAddress? k) && IPAddress.TryParse(ours, out IPAddress? o)
            && (k.IsIPv4MappedToIPv6 ? k.MapToIPv4() : k).Equals(o.IsIPv4MappedToIPv6 ? o.MapToIPv4() : o);
    }
}
