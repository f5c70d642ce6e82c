using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Get-EchoServer: the echo servers running in this session, with their live counters.</summary>
[Cmdlet(VerbsCommon.Get, "EchoServer")]
[OutputType(typeof(EchoServer))]
public sealed class GetEchoServerCommand : PSSocketCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public long[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        if (Id is null)
        {
            WriteObject(EchoServers.Running.List(), enumerateCollection: true);
            return;
        }

        foreach (long id in Id)
        {
            if (EchoServers.Running.Find(id) is { } server)
            {
                WriteObject(server);
            }
            else
            {
                WriteFault(NotFound(id));
            }
        }
    }

    internal static PSSocketException NotFound(long id) =>
        new("EchoServerNotFound", FaultCategory.ObjectNotFound, id, $"No echo server with Id {id} is running in this session.");
}
