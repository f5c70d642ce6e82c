namespace PSSocket.Core.Host;

/// <summary>One service of the registry: a name for a port and transport protocol, as in a services file.</summary>
public sealed class ServicePort
{
    internal ServicePort(string name, int port, string protocol, string[] aliases, string? description, string source)
    {
        Name = name;
        Port = port;
        Protocol = protocol;
        Aliases = new TextList(aliases);
        Description = description;
        Source = source;
    }

    /// <summary>The service's name for this port (what getservbyport gives).</summary>
    public string Name { get; }

    public int Port { get; }

    /// <summary>The transport, lower case as services files write it: tcp, udp, sctp, ddp.</summary>
    public string Protocol { get; }

    /// <summary>Other names the service is found by (getservbyname accepts them too).</summary>
    public TextList Aliases { get; }

    public string? Description { get; }

    /// <summary>Where the name comes from: "PSSocket" (the built-in registry) or the path of the machine's services file.</summary>
    public string Source { get; }
}
