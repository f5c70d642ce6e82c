using System.Management.Automation;
using System.Text;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Test-UdpEcho: the UDP ping lab. Sends -Count numbered probes to a UDP echo server one after
/// another, writes one result per probe (round-trip time, or TimedOut after -Timeout seconds) and
/// then a summary with sent, received, loss and min/avg/max round-trip times.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "UdpEcho", SupportsShouldProcess = true)]
[OutputType(typeof(UdpPingResult), typeof(UdpPingSummary))]
public sealed class TestUdpEchoCommand : SocketCmdlet
{
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

                WriteObject(result);
            }

            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            WriteObject(pinger.Summarize());
        }
    }
}
