using System.Collections.Concurrent;

namespace PSSocket.Core.Sockets;

/// <summary>The echo servers running in this session, so Get-EchoServer and Stop-EchoServer can find them.</summary>
internal sealed class EchoServerRegistry
{
    private readonly ConcurrentDictionary<long, EchoServer> _servers = new();

    public EchoServer Start(EchoServerOptions options)
    {
        var server = EchoServer.Start(options);
        _servers[server.Id] = server;
        return server;
    }

    public IReadOnlyList<EchoServer> List() => [.. _servers.Values.OrderBy(s => s.Id)];

    public EchoServer? Find(long id) => _servers.GetValueOrDefault(id);

    public async Task StopAsync(EchoServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _servers.TryRemove(server.Id, out _);
        await server.StopAsync().ConfigureAwait(false);
    }

    public async Task StopAllAsync()
    {
        foreach (EchoServer server in List())
        {
            await StopAsync(server).ConfigureAwait(false);
        }
    }
}
