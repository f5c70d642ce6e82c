using System.Management.Automation;
using System.Text;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Receive-UdpDatagram: binds a port (loopback unless -Address says otherwise) and writes each
/// datagram as it arrives, from any number of peers, until -Count datagrams or a -Timeout wait.
/// Pipe a datagram to Send-UdpDatagram to answer it.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "UdpDatagram")]
[OutputType(typeof(UdpDatagram))]
public sealed class ReceiveUdpDatagramCommand : SocketCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public int Port { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>How many datagrams to receive; 0 keeps receiving until a wait times out or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Count { get; set; } = 1;

    /// <summary>Seconds to wait for each datagram; a wait that runs out ends the cmdlet with a TimedOut error.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double Timeout { get; set; } = 30;

    [Parameter]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    protected override void EndProcessing()
    {
        Encoding encoding = TextEncodings.Get(Encoding);
        UdpEndpoint endpoint;
        try
        {
            endpoint = OwnForCmdletLifetime(UdpEndpoint.Bind(HostResolver.ParseBindAddress(Address), Port));
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
            return;
        }

        WriteVerbose($"Listening for UDP on {endpoint.Target}");
        for (int received = 0; Count == 0 || received < Count; received++)
        {
            if (!TryWait(endpoint.ReceiveAsync(Seconds(Timeout), encoding, StopToken), out UdpDatagram datagram))
            {
                return;
            }

            WriteObject(datagram);
        }
    }
}
