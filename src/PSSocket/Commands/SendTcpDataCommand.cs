using System.Management.Automation;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Send-TcpData: writes strings (one line each unless -NoNewline), byte arrays or received
/// messages (sent back exactly as they came) to a connection. With -ComputerName and -Port it is
/// a one-shot client: connect, send, optionally half-close and read the whole reply, close.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "TcpData", SupportsShouldProcess = true, DefaultParameterSetName = ConnectionSet)]
[OutputType(typeof(SocketConnection), ParameterSetName = [ConnectionSet])]
[OutputType(typeof(TcpMessage), ParameterSetName = [OneShotSet])]
public sealed class SendTcpDataCommand : SocketCmdlet
{
    private const string ConnectionSet = "Connection";
    private const string OneShotSet = "OneShot";

    private PipelineBytes? _bytes;
    private Encoding _encoding = System.Text.Encoding.UTF8;
    private SocketConnection? _oneShot;
    private bool _failed;

    [Parameter(Mandatory = true, ParameterSetName = ConnectionSet, ValueFromPipelineByPropertyName = true)]
    public SocketConnection Connection { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = OneShotSet)]
    [Alias("Host", "HostName")]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = OneShotSet)]
    public int Port { get; set; }

    /// <summary>A string, a byte[], or a message from Receive-TcpData.</summary>
    [Parameter(Position = 0, ParameterSetName = ConnectionSet, ValueFromPipeline = true)]
    [Parameter(Position = 2, ParameterSetName = OneShotSet, ValueFromPipeline = true)]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    [Parameter]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    /// <summary>Send strings as they are, without the newline that ends each one otherwise.</summary>
    [Parameter]
    public SwitchParameter NoNewline { get; set; }

    /// <summary>Seconds each send (and, one-shot, the connect and the reply) may take.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double Timeout { get; set; } = 10;

    [Parameter(ParameterSetName = ConnectionSet)]
    public SwitchParameter PassThru { get; set; }

    /// <summary>One-shot: after sending, half-close and read everything the server sends until it closes.</summary>
    [Parameter(ParameterSetName = OneShotSet)]
    public SwitchParameter WaitForReply { get; set; }

    protected override void BeginProcessing()
    {
        _encoding = TextEncodings.Get(Encoding);
        _bytes = new PipelineBytes(text => _encoding.GetBytes(NoNewline ? text : text + "\n"));
    }

    protected override void ProcessRecord()
    {
        if (_failed || InputObject is null)
        {
            return;
        }

        byte[]? data;
        SocketConnection? to = ParameterSetName == ConnectionSet ? Connection : null;
        object item = PipelineValue.Unwrap(InputObject);
        if (item is TcpMessage message)
        {
            data = [.. message.Data, .. message.Terminator];
        }
        else
        {
            try
            {
                data = _bytes!.Add(InputObject);
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
                return;
            }
        }

        if (data is not null)
        {
            Send(to, data);
        }
    }

    protected override void EndProcessing()
    {
        if (_failed)
        {
            return;
        }

        if (_bytes!.HasLoose)
        {
            Send(ParameterSetName == ConnectionSet ? Connection : null, _bytes.TakeLoose());
        }

        if (ParameterSetName == OneShotSet && _oneShot is not null)
        {
            if (WaitForReply)
            {
                try
                {
                    _oneShot.Shutdown(ShutdownDirection.Send);
                }
                catch (PSSocketException fault)
                {
                    WriteFault(fault);
                    return;
                }

                if (TryWait(_oneShot.ReceiveUntilClosedAsync(16 * 1024 * 1024, Seconds(Timeout), StopToken), out byte[]? reply) && reply is not null)
                {
                    WriteObject(new TcpMessage(_oneShot, reply, [], _encoding));
                }
            }

            _oneShot.Close();
        }
    }

    private void Send(SocketConnection? connection, byte[] data)
    {
        if (connection is null && !TryConnect(out connection))
        {
            return;
        }

        if (!ShouldProcess(connection.ToString(), $"Send {data.Length} bytes"))
        {
            return;
        }

        if (TryWait(connection.SendAsync(data, Seconds(Timeout), StopToken)) && PassThru)
        {
            WriteObject(connection);
        }
    }

    private bool TryConnect(out SocketConnection connection)
    {
        if (_oneShot is not null)
        {
            connection = _oneShot;
            return true;
        }

        if (!ShouldProcess($"{ComputerName} port {Port}", "Connect") ||
            !TryWait(StreamConnector.ConnectAsync(ComputerName, Port, Seconds(Timeout), 0, AddressFamily.Unspecified, StopToken), out connection))
        {
            _failed = true;
            connection = null!;
            return false;
        }

        _oneShot = OwnForCmdletLifetime(connection);
        return true;
    }
}
