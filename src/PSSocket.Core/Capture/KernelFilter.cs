using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using PSSocket.Core.Packets;
using static PSSocket.Core.Capture.BpfInstruction;

namespace PSSocket.Core.Capture;

/// <summary>
/// Compiles the simple selection (-Protocol, -Port, -Address) and the loopback rule into classic
/// BPF for SO_ATTACH_FILTER, so packets nobody asked for never leave the kernel. The program reads
/// the EtherType from skb->protocol (an ancillary load), so one program serves Ethernet, raw-IP and
/// cooked sockets alike; only where the network header starts differs. It may accept a little more
/// than the selection (IPv6 behind extension headers, which BPF cannot walk); the capture checks
/// every packet again with <see cref="PacketFilter"/>, so what reaches the user is exact.
/// </summary>
internal sealed class KernelFilter
{
    private const ushort EtherIPv4 = 0x0800;
    private const ushort EtherIPv6 = 0x86DD;
    private const ushort EtherArp = 0x0806;
    private const int PacketOutgoing = 4;

    // IPv6 next-header values that are extension headers: behind them the transport is unknown to BPF.
    private static readonly uint[] ExtensionHeaders = [0, 43, 44, 50, 51, 60, 135, 139, 140, 253, 254];

    private readonly List<BpfInstruction> _code = [];
    private readonly List<(int At, int Label, bool True)> _fixups = [];
    private readonly List<int> _labels = [];
    private readonly uint _net;

    private KernelFilter(int networkOffset) => _net = (uint)networkOffset;

    /// <summary>
    /// The program: drop lo's outgoing copies (libpcap does the same in user space, so each loopback
    /// packet appears once as in tcpdump), then each given list must match, then accept
    /// <paramref name="snapLength"/> bytes.
    /// </summary>
    /// <param name="loopbackIndex">lo's interface index, or 0 when lo cannot be in this capture.</param>
    public static BpfProgram Compile(PacketFilter? selection, int networkOffset, int loopbackIndex, int snapLength)
    {
        var f = new KernelFilter(networkOffset);
        int reject = f.NewLabel();
        var parts = new List<string>();
        if (loopbackIndex > 0)
        {
            int keep = f.NewLabel();
            f.Load(B | Abs, AncillaryPacketType);
            f.JumpIfNotIn([PacketOutgoing], keep);
            f.Load(W | Abs, AncillaryInterfaceIndex);
            f.JumpIfIn([(uint)loopbackIndex], reject);
            f.Place(keep);
            parts.Add("not lo outgoing");
        }

        if (selection?.Protocols is { } protocols)
        {
            f.ProtocolClause(protocols, reject);
            parts.Add("protocol " + string.Join('|', protocols));
        }

        if (selection?.Ports is { } ports)
        {
            f.PortClause([.. ports.Select(p => (uint)p)], reject);
            parts.Add("port " + string.Join('|', ports));
        }

        if (selection?.Addresses is { Count: > 0 } addresses)
        {
            f.AddressClause(addresses, reject);
            parts.Add("address " + string.Join('|', addresses.Select(a => new IPAddress(a))));
        }

        f.Emit(Ret | K_, (uint)snapLength); // every clause falls through to here when it passes
        f.Place(reject);
        f.Emit(Ret | K_, 0);
        return new BpfProgram(f.Link(), parts.Count == 0 ? "all" : string.Join(" and ", parts));
    }

    private void ProtocolClause(PacketProtocol[] protocols, int reject)
    {
        if (protocols.Contains(PacketProtocol.Unknown))
        {
            return; // anything that is not IP or ARP: too open to be worth a kernel test
        }

        int pass = NewLabel();
        var v4 = new List<uint>();
        var v6 = new List<uint>();
        foreach (var p in protocols)
        {
            switch (p)
            {
                case PacketProtocol.IPv4:
                    LoadEtherType();
                    JumpIfIn([EtherIPv4], pass);
                    break;
                case PacketProtocol.IPv6:
                    LoadEtherType();
                    JumpIfIn([EtherIPv6], pass);
                    break;
                case PacketProtocol.Arp:
                    LoadEtherType();
                    JumpIfIn([EtherArp], pass);
                    break;
                case PacketProtocol.Tcp:
                    v4.Add(6);
                    v6.Add(6);
                    break;
                case PacketProtocol.Udp:
                    v4.Add(17);
                    v6.Add(17);
                    break;
                case PacketProtocol.Icmp:
                    v4.Add(1);
                    break;
                case PacketProtocol.IcmpV6:
                    v6.Add(58);
                    break;
            }
        }

        if (v4.Count > 0)
        {
            int next = NewLabel();
            LoadEtherType();
            JumpIfNotIn([EtherIPv4], next);
            Load(B | Abs, _net + 9);
            JumpIfIn([.. v4], pass);
            Place(next);
        }

        if (v6.Count > 0)
        {
            int next = NewLabel();
            LoadEtherType();
            JumpIfNotIn([EtherIPv6], next);
            Load(B | Abs, _net + 6);
            JumpIfIn([.. v6, .. ExtensionHeaders], pass);
            Place(next);
        }

        Jump(reject);
        Place(pass);
    }

    /// <summary>TCP or UDP with either port in the list; IPv4 first fragments only (later ones carry no ports), as libpcap.</summary>
    private void PortClause(uint[] ports, int reject)
    {
        int pass = NewLabel(), notV4 = NewLabel(), notV6 = NewLabel();
        LoadEtherType();
        JumpIfNotIn([EtherIPv4], notV4);
        Load(B | Abs, _net + 9);
        JumpIfNotIn([6, 17], reject);
        Load(H | Abs, _net + 6);
        Emit(Jmp | Jset | K_, 0x1FFF);
        Branch(reject, whenTrue: true);
        Emit(Ldx | B | Msh, _net);
        Load(H | Ind, _net);
        JumpIfIn(ports, pass);
        Load(H | Ind, _net + 2);
        JumpIfIn(ports, pass);
        Jump(reject);
        Place(notV4);
        JumpIfNotIn([EtherIPv6], notV6);
        Load(B | Abs, _net + 6);
        JumpIfIn(ExtensionHeaders, pass);
        JumpIfNotIn([6, 17], reject);
        Load(H | Abs, _net + 40);
        JumpIfIn(ports, pass);
        Load(H | Abs, _net + 42);
        JumpIfIn(ports, pass);
        Place(notV6);
        Jump(reject);
        Place(pass);
    }

    /// <summary>Either address of IPv4, IPv6, or Ethernet/IPv4 ARP (sender and target protocol address).</summary>
    private void AddressClause(IReadOnlyList<byte[]> addresses, int reject)
    {
        int pass = NewLabel();
        uint[] v4 = addresses.Where(a => a.Length == 4).Select(a => BinaryPrimitives.ReadUInt32BigEndian(a)).ToArray();
        byte[][] v6 = addresses.Where(a => a.Length == 16).ToArray();
        if (v4.Length > 0)
        {
            int notIp = NewLabel(), notArp = NewLabel();
            LoadEtherType();
            JumpIfNotIn([EtherIPv4], notIp);
            Load(W | Abs, _net + 12);
            JumpIfIn(v4, pass);
            Load(W | Abs, _net + 16);
            JumpIfIn(v4, pass);
            Jump(reject);
            Place(notIp);
            JumpIfNotIn([EtherArp], notArp);
            Load(W | Abs, _net + 14);
            JumpIfIn(v4, pass);
            Load(W | Abs, _net + 24);
            JumpIfIn(v4, pass);
            Jump(reject);
            Place(notArp);
        }

        if (v6.Length > 0)
        {
            int notIp = NewLabel();
            LoadEtherType();
            JumpIfNotIn([EtherIPv6], notIp);
            foreach (uint start in new[] { _net + 8, _net + 24 })
            {
                foreach (byte[] a in v6)
                {
                    int differs = NewLabel();
                    for (int w = 0; w < 4; w++)
                    {
                        Load(W | Abs, start + (uint)(4 * w));
                        JumpIfNotIn([BinaryPrimitives.ReadUInt32BigEndian(a.AsSpan(4 * w))], differs);
                    }

                    Jump(pass);
                    Place(differs);
                }
            }

            Place(notIp);
        }

        Jump(reject);
        Place(pass);
    }

    private void LoadEtherType() => Load(H | Abs, AncillaryProtocol);

    private void Load(int mode, uint k) => Emit(Ld | mode, k);

    /// <summary>Jumps to <paramref name="label"/> when A equals one of <paramref name="values"/>, else falls through.</summary>
    private void JumpIfIn(IEnumerable<uint> values, int label)
    {
        foreach (uint v in values)
        {
            Emit(Jmp | Jeq | K_, v);
            Branch(label, whenTrue: true);
        }
    }

    /// <summary>Falls through when A equals one of <paramref name="values"/>, else jumps to <paramref name="label"/>.</summary>
    private void JumpIfNotIn(uint[] values, int label)
    {
        int found = NewLabel();
        for (int i = 0; i < values.Length; i++)
        {
            Emit(Jmp | Jeq | K_, values[i]);
            Branch(found, whenTrue: true);
            if (i == values.Length - 1)
            {
                Branch(label, whenTrue: false);
            }
        }

        Place(found);
    }

    private void Jump(int label)
    {
        Emit(Jmp | Ja, 0);
        _fixups.Add((_code.Count - 1, label, true));
    }

    private void Branch(int label, bool whenTrue) => _fixups.Add((_code.Count - 1, label, whenTrue));

    // The code is taken as int, what | of two ushort constants gives, and narrowed once here.
    private void Emit(int code, uint k) => _code.Add(new BpfInstruction((ushort)code, 0, 0, k));

    private int NewLabel()
    {
        _labels.Add(-1);
        return _labels.Count - 1;
    }

    private void Place(int label) => _labels[label] = _code.Count;

    private List<BpfInstruction> Link()
    {
        var code = _code.ToList();
        foreach (var (at, label, whenTrue) in _fixups)
        {
            int offset = _labels[label] - at - 1;
            var op = code[at];
            if ((op.Code & 0xF0) == Ja && (op.Code & 0x07) == Jmp)
            {
                code[at] = op with { K = (uint)offset };
                continue;
            }

            if (offset is < 0 or > 255)
            {
                throw new PSSocketException("KernelFilterTooLarge", FaultCategory.InvalidArgument, null,
                    string.Create(CultureInfo.InvariantCulture, $"The selection needs a jump of {offset} instructions, more than classic BPF allows (255); give fewer ports or addresses."));
            }

            code[at] = whenTrue ? op with { JumpTrue = (byte)offset } : op with { JumpFalse = (byte)offset };
        }

        return code;
    }
}
