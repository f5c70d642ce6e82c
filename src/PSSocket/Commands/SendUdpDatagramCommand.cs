using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Send-UdpDatagram: each string or byte[] is one datagram. A datagram from Receive-UdpDatagram
/// piped in is answered to its sender, from the port it arrived on (its own bytes echoed unless
/// -InputObject says what to answer). With -WaitForReply the socket is connected to the
/// destination, so only that address and port can answer.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "UdpDatagram", SupportsShouldProcess = true, DefaultParameterSetName = HostSet)]
[OutputType(typeof(UdpDatagram))]
public sealed class SendUdpDatagramCommand : SocketCmdlet
{
    private const string HostSet = "Host";
    private const string ReplySet = "Reply";

    private PipelineBytes? _bytes;
    private Encoding _encoding = System.Text.Encoding.UTF8;
    private UdpEndpoint? _endpoint;
    private IPEndPoint? _server;
    private bool _failed;

    [Parameter(Position = 0, ParameterSetName = HostSet)]
    [Alias("Host", "HostName")]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = "localhost";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = HostSet)]
    public int Port { get; set; }

    /// <summary>A received datagram to answer.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ReplySet, ValueFromPipeline = true)]
    public UdpDatagram Datagram { get; set; } = null!;

    /// <summary>The payload: a string or a byte[]; each item is one datagram.</summary>
    [Parameter(Position = 2, ParameterSetName = HostSet, ValueFromPipeline = true)]
    [Parameter(Position = 0, ParameterSetName = ReplySet)]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    [Parameter]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    /// <summary>Allow sending to a broadcast address (SO_BROADCAST).</summary>
    [Parameter(ParameterSetName = HostSet)]
    public SwitchParameter Broadcast { get; set; }

    /// <summary>Send from this local port (0: any free one).</summary>
    [Parameter(ParameterSetName = HostSet)]
    public int SourcePort { get; set; }

    /// <summary>After each datagram, wait for one reply and write it.</summary>
    [Parameter]
    public SwitchParameter WaitForReply { get; set; }

    /// <summary>Seconds to wait for a reply.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double Timeout { get; set; } = 5;

    protected override void BeginProcessing()
    {
        _encoding = TextEncodings.Get(Encoding);
        _bytes = new PipelineBytes(_encoding.GetBytes);
    }

    protected override void ProcessRecord()
    {
        if (_failed)
        {
            return;
        }

        if (ParameterSetName == ReplySet)
        {
            byte[]? answer = InputObject is null ? Datagram.Data : Payload(InputObject);
            if (answer is not null && ShouldProcess($"{Datagram.RemoteAddress} port {Datagram.RemotePort}", $"Reply with {answer.Length} bytes"))
            {
                if (TryWait(UdpReplies.SendAsync(Datagram, answer, StopToken)) && WaitForReply)
                {
                    WriteReply(UdpReplies.ReceiveAfterReplyAsync(Datagram, Seconds(Timeout), _encoding, StopToken));
                }
            }

            return;
        }

        if (InputObject is null)
        {
            // $null, or no -InputObject at all: nothing would go out, and the user should hear why.
            WriteError(Errors.Create(new ArgumentException("Nothing to send: -InputObject is null. Give a string or bytes ('' sends an empty datagram)."),
                "NoDataToSend", ErrorCategory.InvalidArgument, InputObject));
            return;
        }

        if (Payload(InputObject) is { } data)
        {
            Send(data);
        }
    }

    protected override void EndProcessing()
    {
        if (!_failed && _bytes!.HasLoose)
        {
            Send(_bytes.TakeLoose());
        }
    }

    private byte[]? Payload(object item)
    {
        try
        {
            return _bytes!.Add(item);
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
            return null;
        }
    }

    private void Send(byte[] data)
    {
        if (!ShouldProcess($"{ComputerName} port {Port}", $"Send a {data.Length}-byte datagram"))
        {
            return;
        }

        if (_endpoint is null && !TryOpen())
        {
            return;
        }

        if (TryWait(_endpoint!.SendToAsync(data, _server!, StopToken)) && WaitForReply)
        {
            WriteReply(_endpoint.ReceiveAsync(Seconds(Timeout), _encoding, StopToken));
        }
    }

    private void WriteReply(Task<UdpDatagram> receiving)
    {
        if (TryWait(receiving, out UdpDatagram reply))
        {
            WriteObject(reply);
        }
    }

    private bool TryOpen()
    {
        try
        {
            SocketArguments.CheckPort(Port, allowZero: false);
            if (!TryWait(HostResolver.ResolveAsync(ComputerName, AddressFamily.Unspecified, StopToken), out IPAddress[] addresses))
            {
                _failed = true;
                return false;
            }

            _server = new IPEndPoint(addresses[0], Port);
            // A reply is only taken from the peer sent to (a broadcast is answered by others, so it stays open to anyone).
            _endpoint = OwnForCmdletLifetime(WaitForReply && !Broadcast
                ? UdpEndpoint.Connect(_server, SourcePort)
                : UdpEndpoint.ForPeer(addresses[0], SourcePort, Broadcast));
            return true;
        }
        catch (PSSocketException fault)
        {
            _failed = true;
            WriteFault(fault);
            return false;
        }
    }
}
