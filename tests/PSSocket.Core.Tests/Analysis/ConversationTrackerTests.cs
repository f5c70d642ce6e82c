using System.Net;
using System.Text;
using PSSocket.Core.Analysis;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Analysis;

/// <summary>
/// The reassembly engine on crafted segments whose right answers follow from RFC 9293 sequence
/// arithmetic: every byte once, in sequence order, SYN and FIN taking one number each.
/// </summary>
public sealed class ConversationTrackerTests
{
    private const uint ClientIsn = 1000;
    private const uint ServerIsn = 5000;
    private static readonly IPAddress ClientAddress = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress ServerAddress = IPAddress.Parse("198.51.100.7");

    private readonly List<Packet> _packets = [];
    private long _time = 1_700_000_000_000_000_000;

    private void Client(TcpFlags flags, uint seq, uint ack, string data = "") => Segment(true, flags, seq, ack, Encoding.ASCII.GetBytes(data));

    private void Server(TcpFlags flags, uint seq, uint ack, string data = "") => Segment(false, flags, seq, ack, Encoding.ASCII.GetBytes(data));

    private void Segment(bool fromClient, TcpFlags flags, uint seq, uint ack, byte[] data, int clientPort = 40000)
    {
        byte[] bytes = PacketBuilder.Build(new PacketTemplate
        {
            Source = fromClient ? ClientAddress : ServerAddress,
            Destination = fromClient ? ServerAddress : ClientAddress,
            Kind = CraftedTransport.Tcp,
            SourcePort = fromClient ? clientPort : 80,
            DestinationPort = fromClient ? 80 : clientPort,
            TcpFlags = flags,
            Sequence = seq,
            Acknowledgment = ack,
            Payload = data,
        });
        _time += 1_000_000; // 1 ms apart
        _packets.Add(new Packet(_packets.Count + 1, _time, null, LinkType.RawIP, bytes.Length, bytes, null));
    }

    private void Handshake(uint clientIsn = ClientIsn, uint serverIsn = ServerIsn)
    {
        Client(TcpFlags.Syn, clientIsn, 0);
        Server(TcpFlags.Syn | TcpFlags.Ack, serverIsn, clientIsn + 1);
        Client(TcpFlags.Ack, clientIsn + 1, serverIsn + 1);
    }

    private List<PacketConversation> Run(long maximumPayload = ConversationTracker.DefaultMaximumPayload)
    {
        var tracker = new ConversationTracker(maximumPayload);
        var done = new List<PacketConversation>();
        foreach (var p in _packets)
        {
            tracker.Add(p, done);
        }

        tracker.Complete(done);
        return done;
    }

    private PacketConversation Single(long maximumPayload = ConversationTracker.DefaultMaximumPayload) => Assert.Single(Run(maximumPayload));

    private static DateTime At(Packet p) => p.Timestamp.UtcDateTime;

    [Fact]
    public void In_order_exchange_gives_both_streams_the_handshake_and_an_orderly_close()
    {
        Handshake();
        Client(TcpFlags.Psh | TcpFlags.Ack, 1001, 5001, "USER alice\r\n");
        Server(TcpFlags.Psh | TcpFlags.Ack, 5001, 1013, "Hello alice\r\n");
        Client(TcpFlags.Fin | TcpFlags.Ack, 1013, 5014);
        Server(TcpFlags.Fin | TcpFlags.Ack, 5014, 1014);
        Client(TcpFlags.Ack, 1014, 5015);

        var c = Single();
        Assert.Equal(PacketProtocol.Tcp, c.Protocol);
        Assert.Equal(0, c.Stream);
        Assert.Equal(("192.0.2.1", 40000, "198.51.100.7", 80), (c.ClientAddress, c.ClientPort, c.ServerAddress, c.ServerPort));
        Assert.Equal("192.0.2.1:40000", c.Client);
        Assert.Equal((5L, 3L), (c.ClientPackets, c.ServerPackets));
        Assert.Equal(_packets.Where((_, i) => i is 0 or 2 or 3 or 5 or 7).Sum(p => (long)p.Length), c.ClientBytes);
        Assert.Equal(_packets.Sum(p => (long)p.Length), c.Bytes);
        Assert.Equal("USER alice\r\n", c.ClientText);
        Assert.Equal("Hello alice\r\n", c.ServerText);
        Assert.Equal((12L, 13L), (c.ClientPayloadBytes, c.ServerPayloadBytes));
        Assert.True(c.HandshakeComplete);
        Assert.Equal(At(_packets[0]), c.SynTime);
        Assert.Equal(At(_packets[1]), c.SynAckTime);
        Assert.Equal(At(_packets[2]), c.AckTime);
        Assert.Equal(At(_packets[0]), c.FirstTime);
        Assert.Equal(At(_packets[^1]), c.LastTime);
        Assert.Equal(TimeSpan.FromMilliseconds(7), c.Duration);
        Assert.Equal(TimeSpan.Zero, c.Start);
        Assert.True(c.ClientFin && c.ServerFin && !c.ClientReset && !c.ServerReset);
        Assert.Equal(ConversationState.Closed, c.State);
        Assert.False(c.StartedMidConnection);
        Assert.Equal((0, 0, 0L, false), (c.Retransmissions, c.OutOfOrder, c.MissingBytes, c.PayloadTruncated));
        Assert.Collection(
            c.Messages,
            m => Assert.Equal((0, ConversationDirection.ClientToServer, "USER alice\r\n", "192.0.2.1:40000", At(_packets[3])), (m.Index, m.Direction, m.Text, m.Source, m.Time)),
            m => Assert.Equal((1, ConversationDirection.ServerToClient, "Hello alice\r\n", "198.51.100.7:80"), (m.Index, m.Direction, m.Text, m.Source)));
    }

    [Fact]
    public void Out_of_order_segments_are_put_back_in_sequence_and_counted()
    {
        Handshake();
        Client(TcpFlags.Ack, 1006, 5001, "world");
        Client(TcpFlags.Ack, 1011, 5001, "!");
        Client(TcpFlags.Ack, 1001, 5001, "hello");

        var c = Single();
        Assert.Equal("helloworld!", c.ClientText);
        Assert.Equal((1, 0), (c.OutOfOrder, c.Retransmissions));
        Assert.Equal(At(_packets[^1]), Assert.Single(c.Messages).Time);
    }

    [Fact]
    public void A_retransmitted_segment_is_counted_and_its_bytes_kept_once()
    {
        Handshake();
        Client(TcpFlags.Ack, 1001, 5001, "hello");
        Client(TcpFlags.Ack, 1001, 5001, "hello");
        Client(TcpFlags.Ack, 1006, 5001, "world");
        Client(TcpFlags.Ack, 1006, 5001, "world");

        var c = Single();
        Assert.Equal("helloworld", c.ClientText);
        Assert.Equal(10, c.ClientPayloadBytes);
        Assert.Equal((2, 0), (c.Retransmissions, c.OutOfOrder));
    }

    [Fact]
    public void Overlapping_segments_contribute_only_their_new_bytes()
    {
        Handshake();
        Client(TcpFlags.Ack, 1001, 5001, "0123456789");
        Client(TcpFlags.Ack, 1006, 5001, "56789ABCDE"); // half old, half new
        Client(TcpFlags.Ack, 1021, 5001, "KLMNO");      // ahead of a hole
        Client(TcpFlags.Ack, 1019, 5001, "IJKL");       // ahead too, overlapping the pending one
        Client(TcpFlags.Ack, 1016, 5001, "FGHIJ");      // fills the hole, overlapping what waits

        var c = Single();
        Assert.Equal("0123456789ABCDEFGHIJKLMNO", c.ClientText);
        Assert.Equal(25, c.ClientPayloadBytes);
        Assert.Equal(3, c.Retransmissions);
        Assert.Equal(0L, c.MissingBytes);
    }

    [Fact]
    public void Sequence_numbers_that_wrap_past_two_to_the_32_keep_the_stream_contiguous()
    {
        const uint Isn = 0xFFFF_FFF5; // data starts at ...F6; the third segment crosses zero
        Handshake(clientIsn: Isn, serverIsn: 0xFFFF_FFFF);
        Client(TcpFlags.Ack, unchecked(Isn + 11), 0, "BBBBBBBBBB");
        Client(TcpFlags.Ack, Isn + 1, 0, "AAAAAAAAAA");
        Client(TcpFlags.Ack, unchecked(Isn + 21), 0, "CCCCCCCCCC");
        Server(TcpFlags.Ack, 0, unchecked(Isn + 31), "server after its own wrap");

        var c = Single();
        Assert.Equal("AAAAAAAAAABBBBBBBBBBCCCCCCCCCC", c.ClientText);
        Assert.Equal("server after its own wrap", c.ServerText);
        Assert.True(c.HandshakeComplete);
        Assert.Equal((1, 0), (c.OutOfOrder, c.Retransmissions));
    }

    [Fact]
    public void Syn_and_fin_each_take_one_sequence_number_and_their_retransmissions_add_no_bytes()
    {
        Handshake();
        Client(TcpFlags.Syn, ClientIsn, 0);                                    // retransmitted SYN
        Client(TcpFlags.Psh | TcpFlags.Ack | TcpFlags.Fin, 1001, 5001, "bye"); // FIN at 1004
        Client(TcpFlags.Fin | TcpFlags.Ack, 1004, 5001);                       // retransmitted FIN
        Server(TcpFlags.Fin | TcpFlags.Ack, 5001, 1005);                       // acknowledges the FIN: 1004 + 1
        Client(TcpFlags.Ack, 1005, 5002);

        var c = Single();
        Assert.Equal("bye", c.ClientText);
        Assert.Equal(string.Empty, c.ServerText);
        Assert.Equal(2, c.Retransmissions);
        Assert.Equal(ConversationState.Closed, c.State);
    }

    [Fact]
    public void A_half_closed_stream_still_carries_the_other_sides_data()
    {
        Handshake();
        Client(TcpFlags.Psh | TcpFlags.Ack, 1001, 5001, "GET");
        Client(TcpFlags.Fin | TcpFlags.Ack, 1004, 5001);
        Server(TcpFlags.Ack, 5001, 1005, "part one, ");
        Server(TcpFlags.Ack, 5011, 1005, "part two");

        var c = Single();
        Assert.Equal(ConversationState.HalfClosed, c.State);
        Assert.True(c.ClientFin);
        Assert.False(c.ServerFin);
        Assert.Equal("part one, part two", c.ServerText);
        Assert.Equal(2, c.Messages.Count);
    }

    [Fact]
    public void A_capture_that_starts_mid_connection_reassembles_from_the_first_segment_it_saw()
    {
        Server(TcpFlags.Ack, 777_000, 3_000_000, "tail of a reply");
        Client(TcpFlags.Ack, 3_000_000, 777_015, "next ");
        Client(TcpFlags.Ack, 3_000_005, 777_015, "request");

        var c = Single();
        Assert.True(c.StartedMidConnection);
        Assert.False(c.HandshakeComplete);
        Assert.Null(c.SynTime);
        Assert.Equal("198.51.100.7", c.ClientAddress); // no SYN: the first sender stands in as client
        Assert.Equal("tail of a reply", c.ClientText);
        Assert.Equal("next request", c.ServerText);
        Assert.Equal(ConversationState.Open, c.State);
    }

    [Fact]
    public void A_reset_ends_the_connection_and_says_who_sent_it()
    {
        Handshake();
        Client(TcpFlags.Psh | TcpFlags.Ack, 1001, 5001, "x");
        Server(TcpFlags.Rst | TcpFlags.Ack, 5001, 1002);

        var c = Single();
        Assert.Equal(ConversationState.Reset, c.State);
        Assert.True(c.ServerReset);
        Assert.False(c.ClientReset);
    }

    [Fact]
    public void A_hole_never_filled_is_counted_missing_and_the_bytes_after_it_still_delivered()
    {
        Handshake();
        Client(TcpFlags.Ack, 1001, 5001, "abc");
        Client(TcpFlags.Ack, 1010, 5001, "xyz"); // 1004..1009 never captured

        var c = Single();
        Assert.Equal("abcxyz", c.ClientText);
        Assert.Equal(6L, c.MissingBytes);
        Assert.Equal(0, c.OutOfOrder);
    }

    [Fact]
    public void More_segments_behind_a_hole_than_the_limit_give_the_hole_up_instead_of_growing()
    {
        Handshake();
        for (int i = 0; i <= TcpStreamReassembler.MaxPendingSegments; i++)
        {
            Client(TcpFlags.Ack, (uint)(1002 + i), 5001, "b");
        }

        Client(TcpFlags.Ack, 1001, 5001, "a"); // too late: its place was given up

        var c = Single();
        Assert.Equal(new string('b', TcpStreamReassembler.MaxPendingSegments + 1), c.ClientText);
        Assert.Equal(1L, c.MissingBytes);
        Assert.Equal(1, c.Retransmissions);
    }

    [Fact]
    public void A_keep_alive_probe_is_neither_data_nor_a_retransmission()
    {
        Handshake();
        Client(TcpFlags.Ack, 1001, 5001, "hi");
        Client(TcpFlags.Ack, 1002, 5001, "i"); // seq = next - 1, one byte: Linux's keep-alive
        Client(TcpFlags.Ack, 1002, 5001);

        var c = Single();
        Assert.Equal("hi", c.ClientText);
        Assert.Equal(0, c.Retransmissions);
    }

    [Fact]
    public void Payload_beyond_the_cap_is_counted_not_kept_and_the_conversation_says_so()
    {
        Handshake();
        Client(TcpFlags.Ack, 1001, 5001, "0123456789");
        Server(TcpFlags.Ack, 5001, 1011, "abcdefghij");
        Client(TcpFlags.Ack, 1011, 5011, "KLMNOPQRST");

        var c = Single(maximumPayload: 15);
        Assert.True(c.PayloadTruncated);
        Assert.Equal("0123456789", c.ClientText);
        Assert.Equal("abcde", c.ServerText);
        Assert.Equal((20L, 10L), (c.ClientPayloadBytes, c.ServerPayloadBytes));
        Assert.Equal(2, c.Messages.Count);
    }

    [Fact]
    public void A_cap_of_zero_keeps_no_payload_but_still_counts_it()
    {
        Handshake();
        Client(TcpFlags.Ack, 1006, 5001, "world");
        Client(TcpFlags.Ack, 1001, 5001, "hello");

        var c = Single(maximumPayload: 0);
        Assert.Empty(c.ClientData);
        Assert.Empty(c.Messages);
        Assert.Equal(10L, c.ClientPayloadBytes);
        Assert.Equal(1, c.OutOfOrder);
        Assert.True(c.PayloadTruncated);
    }

    [Fact]
    public void Finished_connections_are_handed_out_while_packets_still_arrive_so_memory_holds_only_open_ones()
    {
        var tracker = new ConversationTracker();
        var done = new List<PacketConversation>();
        for (int n = 0; n < 200; n++)
        {
            _packets.Clear();
            int port = 20000 + n;
            uint c = (uint)(n * 7919), s = (uint)(n * 104729);
            Segment(true, TcpFlags.Syn, c, 0, [], port);
            Segment(false, TcpFlags.Syn | TcpFlags.Ack, s, c + 1, [], port);
            Segment(true, TcpFlags.Ack | TcpFlags.Fin, c + 1, s + 1, [], port);
            Segment(false, TcpFlags.Ack | TcpFlags.Fin, s + 1, c + 2, [], port);
            Segment(true, TcpFlags.Ack, c + 2, s + 2, [], port);
            _time += 100_000_000; // 100 ms between connections
            foreach (var p in _packets)
            {
                tracker.Add(p, done);
            }

            Assert.True(tracker.OpenCount <= 1 + ConversationTracker.MaxLingering, $"{tracker.OpenCount} held after {n + 1} connections");
        }

        Assert.Equal(200 - ConversationTracker.MaxLingering, done.Count);
        tracker.Complete(done);
        Assert.Equal(Enumerable.Range(0, 200), done.Select(c => c.Stream).Order());
        Assert.All(done, c => Assert.Equal(ConversationState.Closed, c.State));
    }

    [Fact]
    public void A_stray_duplicate_after_the_close_still_counts_in_its_connection()
    {
        Handshake();
        Client(TcpFlags.Fin | TcpFlags.Ack, 1001, 5001);
        Server(TcpFlags.Fin | TcpFlags.Ack, 5001, 1002);
        Client(TcpFlags.Ack, 1002, 5002);
        Client(TcpFlags.Ack, 1002, 5002); // duplicate final ACK, within the linger time

        var c = Single();
        Assert.Equal(5L, c.ClientPackets);
        Assert.Equal(ConversationState.Closed, c.State);
    }

    [Fact]
    public void A_new_syn_on_the_ports_of_a_closed_connection_starts_a_new_stream()
    {
        Handshake();
        Client(TcpFlags.Fin | TcpFlags.Ack, 1001, 5001);
        Server(TcpFlags.Fin | TcpFlags.Ack, 5001, 1002);
        Client(TcpFlags.Ack, 1002, 5002);
        Handshake(clientIsn: 90_000, serverIsn: 80_000);
        Client(TcpFlags.Ack, 90_001, 80_001, "second");

        var all = Run();
        Assert.Equal([0, 1], all.Select(c => c.Stream));
        Assert.Equal(string.Empty, all[0].ClientText);
        Assert.Equal("second", all[1].ClientText);
        Assert.True(all[1].HandshakeComplete);
    }

    [Fact]
    public void Udp_flows_count_each_way_and_keep_each_datagram_as_a_message()
    {
        foreach (var (fromClient, text) in new[] { (true, "ping 1"), (true, "ping 2"), (false, "PONG 1") })
        {
            byte[] bytes = PacketBuilder.Build(new PacketTemplate
            {
                Source = fromClient ? ClientAddress : ServerAddress,
                Destination = fromClient ? ServerAddress : ClientAddress,
                Kind = CraftedTransport.Udp,
                SourcePort = fromClient ? 5353 : 53,
                DestinationPort = fromClient ? 53 : 5353,
                Payload = Encoding.ASCII.GetBytes(text),
            });
            _time += 1_000_000;
            _packets.Add(new Packet(_packets.Count + 1, _time, null, LinkType.RawIP, bytes.Length, bytes, null));
        }

        var c = Single();
        Assert.Equal(PacketProtocol.Udp, c.Protocol);
        Assert.Null(c.State);
        Assert.Equal((2L, 1L), (c.ClientPackets, c.ServerPackets));
        Assert.Equal("ping 1ping 2", c.ClientText);
        Assert.Equal(["ping 1", "ping 2", "PONG 1"], c.Messages.Select(m => m.Text));
        Assert.Equal(5353, c.ClientPort);
    }

    [Fact]
    public void Packets_of_no_conversation_are_counted_as_ignored()
    {
        byte[] icmp = PacketBuilder.Build(new PacketTemplate { Source = ClientAddress, Destination = ServerAddress, Kind = CraftedTransport.IcmpEcho });
        var tracker = new ConversationTracker();
        var done = new List<PacketConversation>();
        tracker.Add(new Packet(1, _time, null, LinkType.RawIP, icmp.Length, icmp, null), done);
        tracker.Complete(done);
        Assert.Empty(done);
        Assert.Equal(1, tracker.Ignored);
    }
}
