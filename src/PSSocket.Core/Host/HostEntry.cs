namespace PSSocket.Core.Host;

/// <summary>What the system resolver says about a name or an address (gethostbyname, gethostbyaddr, gethostname).</summary>
public sealed class HostEntry
{
    internal HostEntry(string query, string hostName, string? fullyQualifiedName, string[] aliases, string[] addresses)
    {
        Query = query;
        HostName = hostName;
        FullyQualifiedName = fullyQualifiedName;
        Aliases = new TextList(aliases);
        Addresses = new TextList(addresses);
    }

    /// <summary>The name or address asked about; for -Local, the host name.</summary>
    public string Query { get; }

    /// <summary>The canonical name the resolver gave (for an address: its reverse name).</summary>
    public string HostName { get; }

    /// <summary>For -Local: the host's canonical name as `hostname -f` gives it; null otherwise.</summary>
    public string? FullyQualifiedName { get; }

    public TextList Aliases { get; }

    /// <summary>The addresses in the resolver's order (the order a client tries them in).</summary>
    public TextList Addresses { get; }
}
