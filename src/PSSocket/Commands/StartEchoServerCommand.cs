using System.Management.Automation;
using System.Net;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Start-EchoServer: a background TCP or UDP echo server (the course servers), optionally
/// upper-casing and, for UDP, dropping a share of the datagrams on purpose. It runs until
/// Stop-EchoServer or the module is removed; its object shows live counters.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "EchoServer", SupportsShouldProcess = true)]
[OutputType(typeof(EchoServer))]
public sealed class StartEchoServerCommand : PSSocketCmdlet
{
    [Parameter(Position = 0)]
    public SocketProtocol Protocol { get; set; } = SocketProtocol.Tcp;

    /// <summary>0 (the default) lets the system pick a free port; read it back from LocalPort.</summary>
    [Parameter(Position = 1)]
    public int Port { get; set; }

    /// <summary>The address to serve on. localhost (the default) is 127.0.0.1 for TCP, whose clients try each address, and both 127.0.0.1 and ::1 for UDP, whose clients send to the first one only.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "localhost";

    [Parameter]
    public EchoTransform Transform { get; set; } = EchoTransform.None;

    /// <summary>UDP only: the probability (0 to 1) that a datagram is dropped instead of echoed.</summary>
    [Parameter]
    public double DropRate { get; set; }

    /// <summary>TCP connections served at once; further ones are closed at once and counted as rejected.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int MaxConnections { get; set; } = 1024;

    /// <summary>Seconds a TCP connection may stay silent before the server closes it.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double IdleTimeout { get; set; } = 300;

    protected override void EndProcessing()
    {
        if (!ShouldProcess($"{Protocol} {Address} port {Port}", "Start echo server"))
        {
            return;
        }

        try
        {
            IPAddress[] addresses = HostResolver.ParseBindAddresses(Address);
            WriteObject(EchoServers.Running.Start(new EchoServerOptions
            {
                Protocol = Protocol,
                Address = addresses[0],
                Addresses = Protocol == SocketProtocol.Udp ? addresses : null,
                Port = Port,
                Transform = Transform,
                DropRate = DropRate,
                MaxConnections = MaxConnections,
                IdleTimeout = TimeSpan.FromSeconds(IdleTimeout),
            }));
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }
    }
}
