using System.Globalization;
using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Analysis;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Packets in, conversations out: one object per TCP connection or UDP flow, with its
/// reassembled streams (Follow TCP Stream). Streams: a connection is written as soon as it is
/// torn down, so a capture of any size passes with memory for its open connections only.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PacketConversation", DefaultParameterSetName = ConversationSet)]
[OutputType(typeof(PacketConversation), ParameterSetName = [ConversationSet])]
[OutputType(typeof(ConversationMessage), ParameterSetName = [MessageSet])]
public sealed class GetPacketConversationCommand : PSSocketCmdlet
{
    private const string ConversationSet = "Conversation";
    private const string MessageSet = "Message";
    private readonly List<PacketConversation> _done = [];
    private ConversationTracker? _tracker;

    /// <summary>Packets, as Import-Pcap and Receive-RawPacket write them, or their copies from Import-Clixml, jobs and remoting.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = [];

    /// <summary>Write each conversation's alternating messages instead of the conversation objects.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MessageSet)]
    public SwitchParameter Message { get; set; }

    /// <summary>Payload bytes kept per conversation; beyond it bytes are counted, not kept, and PayloadTruncated says so.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public long MaximumPayload { get; set; } = ConversationTracker.DefaultMaximumPayload;

    protected override void BeginProcessing() => _tracker = new ConversationTracker(MaximumPayload);

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            if (item is null)
            {
                continue;
            }

            if (PacketInput.Require(item, "Get-PacketConversation", out var fault) is not { } packet)
            {
                WriteFault(fault!);
                continue;
            }

            _tracker!.Add(packet, _done);
            Flush();
        }
    }

    protected override void EndProcessing()
    {
        _tracker!.Complete(_done);
        Flush();
        if (_tracker.Ignored > 0)
        {
            WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"{_tracker.Ignored} packets were not TCP or UDP over IP and belong to no conversation."));
        }
    }

    private void Flush()
    {
        foreach (var conversation in _done)
        {
            if (Message)
            {
                WriteObject(conversation.Messages, enumerateCollection: true);
            }
            else
            {
                WriteObject(conversation);
            }
        }

        _done.Clear();
    }
}
