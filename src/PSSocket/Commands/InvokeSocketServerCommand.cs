using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Net;
using System.Text;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Invoke-SocketServer: a foreground, inetd-style server. The engine serves TCP connections
/// concurrently (one request per line) or UDP datagrams, and queues each request to this
/// cmdlet; the handler scriptblock runs here, on the pipeline thread, with the request as $_ and
/// as its first argument (received data is only ever passed as a value, never run as code), and
/// what it returns is sent back: each item a line over TCP, or one datagram over UDP.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SocketServer", SupportsShouldProcess = true, DefaultParameterSetName = PortSet)]
[OutputType(typeof(SocketRequest))]
public sealed class InvokeSocketServerCommand : SocketCmdlet
{
    private const string PortSet = "Port";
    private const string ListenerSet = "Listener";

    private Encoding _encoding = System.Text.Encoding.UTF8;
    private ScriptBlock? _format;

    [Parameter(ParameterSetName = PortSet)]
    public SocketProtocol Protocol { get; set; } = SocketProtocol.Tcp;

    [Parameter(Position = 1, ParameterSetName = PortSet)]
    public int Port { get; set; }

    /// <summary>localhost (the default) is 127.0.0.1 for TCP and both 127.0.0.1 and ::1 for UDP.</summary>
    [Parameter(ParameterSetName = PortSet)]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "localhost";

    /// <summary>Serve TCP on a listener from New-TcpListener (its port is known before the server starts); it stays open afterwards.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ListenerSet)]
    public SocketListener Listener { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>Stop after handling this many requests; 0 serves until -Timeout or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Count { get; set; }

    /// <summary>Seconds to wait for each next request (0: no limit). With -Count, running out is a TimedOut error; without, it is the normal end.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public double Timeout { get; set; }

    [Parameter]
    [ValidateRange(1, 100000)]
    public int MaxConnections { get; set; } = 64;

    [Parameter]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    /// <summary>Write each handled request (with its ReplyLength). A handler that returns nothing (or only empty text) sends nothing back.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        _encoding = TextEncodings.Get(Encoding);
        var options = new HandlerServerOptions
        {
            Protocol = Protocol,
            Port = Port,
            MaxConnections = MaxConnections,
            Encoding = _encoding,
        };
        string where = ParameterSetName == ListenerSet ? Listener.ToString() : $"{Protocol} {Address} port {Port}";
        if (!ShouldProcess(where, "Serve"))
        {
            return;
        }

        HandlerServer server;
        try
        {
            server = ParameterSetName == ListenerSet
                ? HandlerServer.Serve(Listener, options)
                : HandlerServer.Start(BindOn(options, HostResolver.ParseBindAddresses(Address)));
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
            return;
        }

        OwnForCmdletLifetime(server);
        SocketProtocol protocol = ParameterSetName == ListenerSet ? SocketProtocol.Tcp : Protocol;
        AnnounceEndpoint(server, protocol);
        TimeSpan wait = Timeout == 0 ? System.Threading.Timeout.InfiniteTimeSpan : Seconds(Timeout);
        // Serving until idle: the wait running out is how this server ends, not an error.
        bool untilIdle = Count == 0 && Timeout > 0;
        for (int handled = 0; Count == 0 || handled < Count; handled++)
        {
            if (!TryWait(server.NextRequestAsync(wait, StopToken), fault => WriteFault(fault, untilIdle), out SocketRequest request))
            {
                break;
            }

            Handle(request);
        }

        // Answers already handed back go out before the sockets close.
        TryWait(server.StopAsync());
        WriteProgress(new ProgressRecord(1, "Invoke-SocketServer", "Stopped") { RecordType = ProgressRecordType.Completed });
    }

    private static HandlerServerOptions BindOn(HandlerServerOptions options, IPAddress[] addresses) =>
        options with { Address = addresses[0], Addresses = options.Protocol == SocketProtocol.Udp ? addresses : null };

    /// <summary>
    /// Says where the server listens, which matters most when the system picked the port: in the
    /// progress bar (a user sees it while the server runs) and as an information record whose data
    /// has LocalAddress and LocalPort (a job's parent reads it from $job.Information).
    /// </summary>
    private void AnnounceEndpoint(HandlerServer server, SocketProtocol protocol)
    {
        string text = $"Serving {protocol} on {server.Endpoints} (Ctrl+C stops)";
        WriteVerbose(text);
        WriteProgress(new ProgressRecord(1, "Invoke-SocketServer", text));
        var where = new PSObject();
        where.Properties.Add(new PSNoteProperty("Protocol", protocol));
        where.Properties.Add(new PSNoteProperty("LocalAddress", server.LocalAddress));
        where.Properties.Add(new PSNoteProperty("LocalPort", server.LocalPort));
        where.Properties.Add(new PSNoteProperty("Endpoints", server.Endpoints));
        WriteInformation(new InformationRecord(where, "Invoke-SocketServer") { Tags = { "PSSocket.Listening" } });
    }

    private void Handle(SocketRequest request)
    {
        try
        {
            Collection<PSObject> output = ScriptBlock.InvokeWithContext((IDictionary?)null, [new PSVariable("_", request)], request);
            request.Reply(ToReply(output, request.Protocol));
        }
        catch (RuntimeException e) when (e is not PipelineStoppedException)
        {
            WriteError(Errors.Create(e, "HandlerFailed", ErrorCategory.InvalidResult, request));
            request.Reply(null);
        }
        finally
        {
            // A handler stopped by Ctrl+C leaves its client waiting no longer.
            request.Abandon();
        }

        if (PassThru)
        {
            WriteObject(request);
        }
    }

    /// <summary>
    /// The bytes to send for what the handler returned. A byte[] is sent as its bytes, also when
    /// PowerShell unrolled it into single bytes on the way out of the scriptblock; strings and other
    /// simple values as text; any other object (a [pscustomobject], a hashtable) as the text
    /// PowerShell would show for it. Over TCP each line ends with a newline; a UDP reply joins the
    /// lines with newlines into one datagram.
    /// </summary>
    private byte[]? ToReply(Collection<PSObject> output, SocketProtocol protocol)
    {
        var reply = new List<byte>();
        var lines = new List<string>();
        var pending = new List<object>();
        foreach (PSObject? item in output)
        {
            object? value = item?.BaseObject;
            if (value is null)
            {
                continue;
            }

            if (value is byte or byte[])
            {
                Flush();
                if (value is byte single)
                {
                    reply.Add(single);
                }
                else
                {
                    reply.AddRange((byte[])value);
                }
            }
            else if (value is string or char or bool or Enum or DateTime or DateTimeOffset or decimal || value.GetType().IsPrimitive)
            {
                Flush();
                AddLine(LanguagePrimitives.ConvertTo<string>(value));
            }
            else
            {
                // Consecutive objects are formatted together, so rows of one type share one table header.
                pending.Add(item!);
            }
        }

        Flush();
        if (lines.Count > 0)
        {
            reply.AddRange(_encoding.GetBytes(string.Join("\n", lines)));
        }

        return reply.Count == 0 ? null : [.. reply];

        void AddLine(string line)
        {
            if (protocol == SocketProtocol.Tcp)
            {
                reply.AddRange(_encoding.GetBytes(line + "\n"));
            }
            else
            {
                lines.Add(line);
            }
        }

        void Flush()
        {
            if (pending.Count == 0)
            {
                return;
            }

            List<string> text = [.. Format(pending)];
            pending.Clear();
            int first = text.FindIndex(l => l.Length > 0);
            int last = text.FindLastIndex(l => l.Length > 0);
            for (int i = first; first >= 0 && i <= last; i++)
            {
                AddLine(text[i]);
            }
        }
    }

    /// <summary>Objects as Out-String shows them, one string per line.</summary>
    private IEnumerable<string> Format(List<object> objects)
    {
        // Made here, not cached statically: a scriptblock belongs to the runspace that first runs it.
        _format ??= ScriptBlock.Create("param($objects) $objects | Out-String -Stream");
        return InvokeCommand.InvokeScript(false, _format, null, [objects.ToArray()])
            .Select(o => o?.BaseObject as string ?? string.Empty);
    }
}
