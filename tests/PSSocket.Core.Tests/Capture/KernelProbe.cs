using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PSSocket.Core.Capture;
using static PSSocket.Core.Capture.LinuxPacketSocketNative;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The kernel as the judge of a classic BPF program: an AF_PACKET socket on lo with the program
/// attached (SO_ATTACH_FILTER), fed Ethernet frames this test injects on lo. Each frame ends with a
/// marker (a tag of this probe and the frame's number), so the verdicts are read from the frames that
/// come through, whatever other tests send on lo meanwhile. The frames are addressed to a MAC that is
/// not lo's, so the kernel takes them for another host's and the IP and ARP layers drop them: they reach
/// packet sockets only. Each frame is seen twice on lo (going out and coming back in) unless the
/// program drops the outgoing copy. The outgoing copy reaches the socket as the frame is sent; the
/// incoming one passes the CPU's backlog queue, where a burst of another test on lo may drop it, so
/// a verdict rests on the outgoing copy wherever the program keeps it. Ahead of the program under test
/// runs a program of the probe's own that passes only frames ending in its tag: a burst of another
/// test on lo would otherwise fill the socket's buffer and crowd out the probe's frames.
/// </summary>
internal sealed unsafe partial class KernelProbe : IDisposable
{
    /// <summary>A unicast MAC that is not lo's (00:00:00:00:00:00): the frames are PACKET_OTHERHOST when they come in.</summary>
    public static readonly byte[] Destination = [0x02, 0x00, 0x5e, 0x10, 0x20, 0x30];

    public static readonly byte[] Source = [0x02, 0x00, 0x5e, 0x10, 0x20, 0x31];

    private readonly int _fd;
    private readonly uint _tag = (uint)Random.Shared.Next();

    /// <summary>A socket on lo (raw: frames from the Ethernet header; cooked: from the network header) with <paramref name="program"/> attached.</summary>
    public KernelProbe(BpfProgram program, bool cooked = false)
    {
        _fd = Socket(AfPacket, (cooked ? SockDgram : SockRaw) | SockCloexec | SockNonblock, 0);
        Assert.True(_fd >= 0, "socket(AF_PACKET): errno " + Marshal.GetLastPInvokeError());
        int errno = Attach(_fd, OnlyTagged().Then(program));
        if (errno != 0)
        {
            _ = Close(_fd);
            Assert.Fail("SO_ATTACH_FILTER refused the program: errno " + errno);
        }

        var address = new SockaddrLl { Family = AfPacket, Protocol = BinaryPrimitives.ReverseEndianness(EthPAll), IfIndex = LoIndex };
        Assert.True(Bind(_fd, &address, sizeof(SockaddrLl)) == 0, "bind: errno " + Marshal.GetLastPInvokeError());
    }

    public static int LoIndex => (int)IfNameToIndex("lo");

    /// <summary>Classic BPF: ld len; sub #8; tax; ld [x + 0]; jeq #tag; ret accept; ret 0 (the tag is 8 bytes before the end).</summary>
    private BpfProgram OnlyTagged() => new(
    [
        new BpfInstruction(0x80, 0, 0, 0),
        new BpfInstruction(0x14, 0, 0, 8),
        new BpfInstruction(0x07, 0, 0, 0),
        new BpfInstruction(0x40, 0, 0, 0),
        new BpfInstruction(0x15, 0, 1, _tag),
        new BpfInstruction(0x06, 0, 0, uint.MaxValue),
        new BpfInstruction(0x06, 0, 0, 0),
    ], "tagged");

    /// <summary>Attaches <paramref name="program"/> to <paramref name="fd"/>; 0, or the errno of the kernel's refusal.</summary>
    public static int Attach(int fd, BpfProgram program) => Attach(fd, program.Instructions);

    /// <summary>Attaches instructions to <paramref name="fd"/>; 0, or the errno of the kernel's refusal.</summary>
    public static int Attach(int fd, IReadOnlyList<BpfInstruction> instructions)
    {
        var code = instructions.Select(i => new SockFilter { Code = i.Code, JumpTrue = i.JumpTrue, JumpFalse = i.JumpFalse, K = i.K }).ToArray();
        fixed (SockFilter* p = code)
        {
            var fprog = new SockFprog { Length = (ushort)code.Length, Filter = p };
            return SetSockOpt(fd, SolSocket, SoAttachFilter, &fprog, sizeof(SockFprog)) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>An Ethernet frame to <see cref="Destination"/> carrying <paramref name="payload"/>, then this probe's marker with <paramref name="id"/>.</summary>
    public byte[] Frame(int id, ushort etherType, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[14 + payload.Length + 8];
        Destination.CopyTo(frame, 0);
        Source.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        payload.CopyTo(frame.AsSpan(14));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(frame.Length - 8), _tag);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(frame.Length - 4), id);
        return frame;
    }

    /// <summary>
    /// Sends <paramref name="frames"/> on lo and returns how often each marked frame came through
    /// (by id), once <paramref name="expected"/> different ones have (or after two seconds), and a
    /// tenth of a second more so that extra ones can show: the outgoing copies are in the socket's
    /// queue once the sends return, so the wait is for this thread to read them, not for the kernel.
    /// </summary>
    public Dictionary<int, int> Verdicts(IEnumerable<byte[]> frames, int expected)
    {
        using (var sender = new RawPacketSender("lo"))
        {
            foreach (byte[] frame in frames)
            {
                _ = sender.Send(frame, isFrame: true);
            }
        }

        var seen = new Dictionary<int, int>();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        DateTime? settle = null;
        byte[] buffer = new byte[4096];
        while (DateTime.UtcNow < (settle ?? until))
        {
            int n = Receive(buffer);
            if (n < 0)
            {
                Thread.Sleep(5);
                continue;
            }

            if (n >= 8 && BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(n - 8)) == _tag)
            {
                int id = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(n - 4));
                seen[id] = seen.GetValueOrDefault(id) + 1;
            }

            if (settle is null && seen.Count >= expected)
            {
                settle = DateTime.UtcNow + TimeSpan.FromMilliseconds(100);
            }
        }

        return seen;
    }

    /// <summary>The frames that come through within <paramref name="wait"/>, whole (as the program's snap length left them).</summary>
    public List<byte[]> Receive(IEnumerable<byte[]> frames, Func<byte[], bool> ours, int expected, TimeSpan wait)
    {
        using (var sender = new RawPacketSender("lo"))
        {
            foreach (byte[] frame in frames)
            {
                _ = sender.Send(frame, isFrame: true);
            }
        }

        var list = new List<byte[]>();
        var until = DateTime.UtcNow + wait;
        byte[] buffer = new byte[4096];
        while (DateTime.UtcNow < until && list.Count < expected)
        {
            int n = Receive(buffer);
            if (n < 0)
            {
                Thread.Sleep(5);
            }
            else if (ours(buffer[..n]))
            {
                list.Add(buffer[..n]);
            }
        }

        return list;
    }

    public void Dispose() => _ = Close(_fd);

    private int Receive(byte[] buffer)
    {
        const int MsgDontwait = 0x40;
        fixed (byte* b = buffer)
        {
            return (int)Recv(_fd, b, (nuint)buffer.Length, MsgDontwait);
        }
    }

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte* buffer, nuint length, int flags);
}
