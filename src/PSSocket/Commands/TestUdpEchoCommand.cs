using System.Management.Automation;
using System.Text;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Test-UdpEcho: the UDP ping lab. Sends -Count numbered probes to a UDP echo server one after
/// another and writes one result per probe (round-trip time, TimedOut after -Timeout seconds,
/// WrongReply or PortUnreachable); with -Summary, only the summary (sent, received, loss and
/// min/avg/max round-trip times), so each output is of one type and pipes cleanly to Export-Csv.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "UdpEcho", SupportsShouldProcess = true, DefaultParameterSetName = ProbesSet)]
[OutputType(typeof(UdpPingResult), ParameterSetName = [ProbesSet])]
[OutputType(typeof(UdpPingSummary), ParameterSetName = [SummarySet])]
public sealed class TestUdpEchoCommand : SocketCmdlet
{
    private const string ProbesSet = "Probes";
    private const string SummarySet = "Summary";

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Host", "HostName", "LocalAddress")]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = "localhost";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("LocalPort")]
    public int Port { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; } = 10;

    /// <summary>Seconds to wait for each echo.</summary>
    [Parameter]
    [ValidateRange(0.001, 3600)]
    public double Timeout { get; set; } = 1;

    /// <summary>The probe text; by default "PING seq time" as in the lab.</summary>
    [Parameter]
    public string? InputObject { get; set; }

    [Parameter]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    /// <summary>Write only the summary of the run instead of one result per probe.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter Summary { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"{ComputerName} port {Port}", $"Send {Count} UDP ping probes"))
        {
            return;
        }

        Encoding encoding = TextEncodings.Get(Encoding);
        if (!TryWait(UdpPinger.OpenAsync(ComputerName, Port, StopToken), out UdpPinger pinger))
        {
            return;
        }

        using (pinger)
        {
            var progress = new ProgressRecord(1, "UDP ping " + pinger.Destination, "Probing");
            for (int sequence = 1; sequence <= Count; sequence++)
            {
                progress.PercentComplete = 100 * (sequence - 1) / Count;
                progress.StatusDescription = $"Probe {sequence} of {Count}";
                WriteProgress(progress);
                byte[] payload = InputObject is null ? UdpPinger.DefaultPayload(sequence) : encoding.GetBytes(InputObject);
                if (!TryWait(pinger.ProbeAsync(sequence, payload, Seconds(Timeout), encoding, StopToken), out UdpPingResult result))
                {
                    break;
                }

                if (!Summary)
                {
                    WriteObject(result);
                }
            }

            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            if (Summary)
            {
                WriteObject(pinger.Summarize());
            }
        }
    }
}
