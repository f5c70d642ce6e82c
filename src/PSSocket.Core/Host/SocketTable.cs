namespace PSSocket.Core.Host;

/// <summary>Get-SocketConnection's engine: the platform's socket table, filtered, with owners and service names.</summary>
internal static class SocketTable
{
    /// <summary>The best source this platform has.</summary>
    public static ISocketTableSource ForThisPlatform() =>
        OperatingSystem.IsLinux() ? new ProcNetSocketTable()
        : OperatingSystem.IsWindows() ? new WindowsSocketTable()
        : new PortableSocketTable();

    /// <summary>
    /// The sockets of a named network namespace: its tables read from a thread inside it. Owners come
    /// from the same /proc scan as at home, since socket inodes are unique across namespaces.
    /// </summary>
    public static List<SocketTableEntry> ReadInNamespace(string networkNamespace, SocketTableQuery query) =>
        NetworkNamespace.Run(networkNamespace, () => Read(ProcNetSocketTable.OfThisThread(), query));

    public static List<SocketTableEntry> Read(ISocketTableSource source, SocketTableQuery query)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(query);
        var entries = new List<SocketTableEntry>();
        foreach (SocketTableProtocol protocol in query.ProtocolsToRead)
        {
            entries.AddRange(source.Read(protocol).Where(query.MatchesTable));
        }

        source.AddOwners(entries);
        ServiceRegistry services = ServiceRegistry.System;
        var kept = new List<SocketTableEntry>(entries.Count);
        foreach (SocketTableEntry e in entries)
        {
            if (!query.MatchesOwner(e))
            {
                continue;
            }

            if (e.Protocol != SocketTableProtocol.Unix)
            {
                string protocol = e.Protocol == SocketTableProtocol.Tcp ? "tcp" : "udp";
                e.LocalService = services.NameOf(e.LocalPort, protocol);
                e.RemoteService = e.RemotePort == 0 ? null : services.NameOf(e.RemotePort, protocol);
            }

            kept.Add(e);
        }

        return kept;
    }
}
