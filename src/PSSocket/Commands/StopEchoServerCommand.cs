using System.Management.Automation;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Stop-EchoServer: stops servers (by object or Id), closing every connection, and frees their ports at once.</summary>
[Cmdlet(VerbsLifecycle.Stop, "EchoServer", SupportsShouldProcess = true, DefaultParameterSetName = ServerSet)]
[OutputType(typeof(EchoServer))]
public sealed class StopEchoServerCommand : PSSocketCmdlet
{
    private const string ServerSet = "Server";
    private const string IdSet = "Id";
    private const string AllSet = "All";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ServerSet)]
    public EchoServer[] Server { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = IdSet)]
    public long[] Id { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<EchoServer> servers = ParameterSetName switch
        {
            AllSet => EchoServers.Running.List(),
            IdSet => Id.Select(Lookup).OfType<EchoServer>().ToList(),
            _ => Server,
        };
        foreach (EchoServer server in servers)
        {
            if (!ShouldProcess(server.ToString(), "Stop"))
            {
                continue;
            }

            EchoServers.Running.StopAsync(server).GetAwaiter().GetResult();
            if (PassThru)
            {
                WriteObject(server);
            }
        }
    }

    private EchoServer? Lookup(long id)
    {
        EchoServer? server = EchoServers.Running.Find(id);
        if (server is null)
        {
            WriteFault(GetEchoServerCommand.NotFound(id));
        }

        return server;
    }
}
