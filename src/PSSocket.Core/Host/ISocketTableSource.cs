namespace PSSocket.Core.Host;

/// <summary>A platform's socket table; tests substitute fixed text or bytes.</summary>
internal interface ISocketTableSource
{
    /// <summary>The kernel's entries of one protocol, without owners.</summary>
    IEnumerable<SocketTableEntry> Read(SocketTableProtocol protocol);

    /// <summary>Fills ProcessId, ProcessName, UserId and User where the platform can tell them.</summary>
    void AddOwners(IReadOnlyList<SocketTableEntry> entries);
}
