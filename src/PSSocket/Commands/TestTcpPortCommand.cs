using System.Management.Automation;
using System.Threading.Channels;
using PSSocket.Core.Host;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Test-TcpPort: a TCP connect scan. For each host, up to -ThrottleLimit connects run at once;
/// each port is Open (accepted), Closed (refused) or Filtered (no answer within -Timeout), with
/// its service name and latency, written as it finishes.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "TcpPort", SupportsShouldProcess = true)]
[OutputType(typeof(TcpPortResult))]
public sealed class TestTcpPortCommand : SocketCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Host", "HostName")]
    [ValidateNotNullOrEmpty]
    public string[] ComputerName { get; set; } = ["localhost"];

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public int[] Port { get; set; } = [];

    /// <summary>Seconds to wait for each connect before calling the port Filtered.</summary>
    [Parameter]
    [ValidateRange(0.001, 3600)]
    public double Timeout { get; set; } = 1;

    [Parameter]
    [ValidateRange(1, 10000)]
    public int ThrottleLimit { get; set; } = 64;

    protected override void ProcessRecord()
    {
        foreach (string host in ComputerName)
        {
            if (ShouldProcess(host, $"Connect to {Port.Length} TCP port(s)"))
            {
                Scan(host);
            }
        }
    }

    private void Scan(string host)
    {
        var results = Channel.CreateBounded<TcpPortResult>(Math.Max(16, ThrottleLimit));
        using var scanStop = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        Task scanning = ScanAsync(host, results.Writer, scanStop.Token);
        var progress = new ProgressRecord(2, $"Scanning {host}", "Connecting");
        int done = 0;
        try
        {
            while (TryWait(results.Reader.WaitToReadAsync(StopToken).AsTask(), out bool more) && more)
            {
                while (results.Reader.TryRead(out TcpPortResult? result))
                {
                    done++;
                    WriteObject(result);
                }

                progress.PercentComplete = 100 * done / Port.Length;
                progress.StatusDescription = $"{done} of {Port.Length} ports";
                WriteProgress(progress);
            }
        }
        finally
        {
            // Ctrl+C, or a downstream Select-Object -First that stops reading: cancel what is left of
            // the scan and let its connects close before the cmdlet ends.
            scanStop.Cancel();
            ((IAsyncResult)scanning).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5));
        }

        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        TryWait(scanning);
    }

    private async Task ScanAsync(string host, ChannelWriter<TcpPortResult> writer, CancellationToken cancellationToken)
    {
        try
        {
            await PortScanner.ScanAsync(host, Port, Seconds(Timeout), ThrottleLimit, ServiceRegistry.System, writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
