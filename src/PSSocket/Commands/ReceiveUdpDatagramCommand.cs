using System.Globalization;
using System.Management.Automation;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Receive-UdpDatagram: binds a port (both loopbacks unless -Address says otherwise) and writes
/// each datagram as it arrives, from any number of peers, until -Count datagrams or a -Timeout
/// wait. A background loop takes datagrams from the kernel while the pipeline works, and what the
/// kernel still had to drop is reported as a warning. Pipe a datagram to Send-UdpDatagram to answer it.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "UdpDatagram", DefaultParameterSetName = DatagramSet)]
[OutputType(typeof(UdpDatagram), ParameterSetName = [DatagramSet])]
[OutputType(typeof(UdpReceiveSummary), ParameterSetName = [SummarySet])]
public sealed class ReceiveUdpDatagramCommand : SocketCmdlet
{
    private const string DatagramSet = "Datagram";
    private const string SummarySet = "Summary";

    [Parameter(Mandatory = true, Position = 0)]
    public int Port { get; set; }

    /// <summary>The address to bind; localhost (the default) binds both 127.0.0.1 and ::1 on the same port.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "localhost";

    /// <summary>How many datagrams to receive; 0 keeps receiving until Ctrl+C, or until a -Timeout wait passes in silence.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Count { get; set; } = 1;

    /// <summary>
    /// Seconds to wait for each datagram. With -Count 1 or more, running out is a TimedOut error
    /// (default 30 s); with -Count 0 it is the normal end (default: no limit).
    /// </summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double Timeout { get; set; } = 30;

    [Parameter]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    /// <summary>Write one summary (datagrams, bytes, kernel drops) instead of the datagrams.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter Summary { get; set; }

    protected override void EndProcessing()
    {
        Encoding encoding = TextEncodings.Get(Encoding);
        UdpEndpoint endpoint;
        try
        {
            endpoint = OwnForCmdletLifetime(UdpEndpoint.Bind(HostResolver.ParseBindAddresses(Address), Port));
            endpoint.StartReceiving();
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
            return;
        }

        WriteVerbose($"Listening for UDP on {endpoint.Target}");
        bool untilSilence = Count == 0;
        TimeSpan wait = untilSilence && !MyInvocation.BoundParameters.ContainsKey(nameof(Timeout))
            ? System.Threading.Timeout.InfiniteTimeSpan
            : Seconds(Timeout);
        long received = 0, bytes = 0;
        DateTimeOffset? first = null, last = null;
        for (; untilSilence || received < Count; received++)
        {
            // -Count 0 -Timeout: silence is how this receive ends, not an error.
            if (!TryWait(endpoint.ReceiveAsync(wait, encoding, StopToken), fault => WriteFault(fault, untilSilence), out UdpDatagram datagram))
            {
                break;
            }

            first ??= datagram.Timestamp;
            last = datagram.Timestamp;
            bytes += datagram.Length;
            if (!Summary)
            {
                WriteObject(datagram);
            }
        }

        long? drops = endpoint.KernelDrops;
        ReportDrops(drops, endpoint.Target);
        if (Summary)
        {
            WriteObject(new UdpReceiveSummary(endpoint.Target, received, bytes, drops, first, last));
        }
    }

    private void ReportDrops(long? drops, string target)
    {
        if (drops > 0)
        {
            WriteWarning(string.Create(CultureInfo.InvariantCulture,
                $"The kernel dropped {drops} datagram(s) on {target}: they arrived faster than they were taken in and the receive buffer was full."));
        }
    }
}
