using System.Management.Automation;
using System.Text;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Receive-TcpData: reads one message per connection with explicit framing (what is available,
/// exactly -Count bytes, up to a -Delimiter or newline with -Line, or everything -UntilClosed);
/// -Stream keeps reading messages until the peer closes. When the peer has closed, nothing is
/// written and the connection's State is Closed.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "TcpData", DefaultParameterSetName = AvailableSet)]
[OutputType(typeof(TcpMessage))]
public sealed class ReceiveTcpDataCommand : SocketCmdlet
{
    private const string AvailableSet = "Available";
    private const string CountSet = "Count";
    private const string DelimiterSet = "Delimiter";
    private const string LineSet = "Line";
    private const string UntilClosedSet = "UntilClosed";
    private static readonly byte[] Newline = [(byte)'\n'];

    private Encoding _encoding = System.Text.Encoding.UTF8;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public SocketConnection[] Connection { get; set; } = [];

    /// <summary>Exactly this many bytes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CountSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>Up to (not including) this text, encoded with -Encoding.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DelimiterSet)]
    [ValidateNotNullOrEmpty]
    public string Delimiter { get; set; } = string.Empty;

    /// <summary>One line: up to a newline; a carriage return before it is dropped too.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LineSet)]
    public SwitchParameter Line { get; set; }

    /// <summary>Everything until the peer closes its side.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UntilClosedSet)]
    public SwitchParameter UntilClosed { get; set; }

    /// <summary>Keep writing messages until the peer closes (each wait still bounded by -Timeout).</summary>
    [Parameter(ParameterSetName = AvailableSet)]
    [Parameter(ParameterSetName = CountSet)]
    [Parameter(ParameterSetName = DelimiterSet)]
    [Parameter(ParameterSetName = LineSet)]
    public SwitchParameter Stream { get; set; }

    /// <summary>Seconds to wait for each message.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double Timeout { get; set; } = 30;

    /// <summary>The longest message accepted (bytes); longer input is an error and stays buffered.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxLength { get; set; } = 1024 * 1024;

    [Parameter]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    protected override void BeginProcessing() => _encoding = TextEncodings.Get(Encoding);

    protected override void ProcessRecord()
    {
        byte[] delimiter = ParameterSetName switch
        {
            DelimiterSet => _encoding.GetBytes(Delimiter),
            LineSet => Newline,
            _ => [],
        };
        foreach (SocketConnection connection in Connection)
        {
            do
            {
                Task<byte[]?> receiving = ParameterSetName switch
                {
                    CountSet => connection.ReceiveExactAsync(Count, Seconds(Timeout), StopToken),
                    DelimiterSet => connection.ReceiveDelimitedAsync(delimiter, MaxLength, trimCarriageReturn: false, Seconds(Timeout), StopToken),
                    LineSet => connection.ReceiveDelimitedAsync(delimiter, MaxLength, trimCarriageReturn: true, Seconds(Timeout), StopToken),
                    UntilClosedSet => connection.ReceiveUntilClosedAsync(MaxLength, Seconds(Timeout), StopToken),
                    _ => connection.ReceiveAvailableAsync(MaxLength, Seconds(Timeout), StopToken),
                };
                if (!TryWait(receiving, out byte[]? data))
                {
                    break;
                }

                if (data is null)
                {
                    WriteVerbose($"{connection}: the peer closed the connection.");
                    break;
                }

                WriteObject(new TcpMessage(connection, data, delimiter, _encoding));
            }
            while (Stream);
        }
    }
}
