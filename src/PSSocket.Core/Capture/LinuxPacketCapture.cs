using System.Diagnostics;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PSSocket.Core.Packets;
using static PSSocket.Core.Capture.LinuxPacketSocketNative;

namespace PSSocket.Core.Capture;

/// <summary>
/// Live capture on Linux with an AF_PACKET socket: one interface or all ("any"), a TPACKET_V3 ring
/// (or recvmmsg), the kernel's timestamps and checksum status, a kernel BPF filter, and the kernel's
/// counters at the end. The reader thread and its queue are <see cref="PacketCaptureBase"/>'s.
/// </summary>
internal sealed unsafe partial class LinuxPacketCapture : PacketCaptureBase
{
    /// <summary>
    /// The largest ring block: big enough to amortise a poll over thousands of small packets. Smaller
    /// buffers get smaller blocks, at least 16 of them, because the kernel can only fill blocks the
    /// reader is not holding (measured: 2 blocks of 1 MiB dropped 8% of a 20,000-datagram burst that
    /// 16 blocks of 128 KiB, and tcpdump with the same 2 MiB, kept whole).
    /// </summary>
    private const int MaxRingBlockSize = 1 << 20;

    /// <summary>The smallest block still holds the largest lo packet (64 KiB MTU plus headers).</summary>
    private const int MinRingBlockSize = 128 << 10;

    /// <summary>
    /// A block is handed to us when full or after this long, so a quiet capture still delivers within
    /// a tenth of a second. Not shorter: a block retires after this long however little it holds, so
    /// with 10 ms a 64-block ring held only 0.64 s of traffic whatever its size while the reader was
    /// held up (measured: 5,615 of a 200,000-datagram burst lost behind pwsh's pipeline); at 100 ms
    /// the blocks fill before they retire at any rate a loopback sender reaches.
    /// </summary>
    private const int BlockTimeoutMs = 100;

    /// <summary>Packets one recvmmsg takes at most: the system call's cost shared by many, as a ring block shares a poll's.</summary>
    private const int MessageBatch = 32;

    /// <summary>
    /// The recvmmsg path's socket buffer per byte of -BufferSize, so that it holds as many small packets
    /// as a ring of that size (what tcpdump -B gives): a ring keeps a 64-byte frame in 160 bytes, while
    /// a socket charges its whole kernel buffer, 832 bytes on lo (measured: a 64 MiB socket buffer,
    /// which the kernel doubles, held 161,320 of a 200,000 burst). Sized as asked, 2 MiB dropped
    /// thousands of a full-speed burst that tcpdump's 2 MiB ring kept whole. The kernel uses this
    /// memory only while packets wait in it.
    /// </summary>
    private const int SocketBufferPerRingByte = 3;

    /// <summary>
    /// How long the recvmmsg path lets packets gather once it has drained the socket while they flow:
    /// a millisecond of a full-speed loopback burst fits in a 2 MiB socket buffer (about 5,000 small
    /// packets), and it delays a packet by no more than that (a ring block by up to <see cref="BlockTimeoutMs"/>).
    /// </summary>
    private const int GatherMilliseconds = 1;

    /// <summary>The longest frame the recvmmsg path keeps (a message slot), as the one-packet recvmsg path's buffer did.</summary>
    private const int MaxMessageLength = 256 * 1024;

    private readonly Dictionary<int, string> _names = [];
    private readonly bool _cooked;
    private readonly int _loopbackIndex;
    private int _fd = -1;
    private int _wake = -1;
    private nint _ring;
    private nuint _ringLength;
    private int _blockCount;
    private int _blockSize;
    private byte[] _cookedFrame = new byte[2048];

    private LinuxPacketCapture(CaptureOptions options, CaptureInterface device, int loopbackIndex)
        : base(options, device)
    {
        _loopbackIndex = loopbackIndex;
        (LinkType, _cooked) = device.Index == 0 ? (LinkType.LinuxSll2, true) : CaptureInterfaces.Framing(device.HardwareType);
    }

    public override LinkType LinkType { get; }

    public CaptureMethod Method => Options.Method;

    public override string Description => $"native {Method}, kernel filter: {Program?.Description}";

    /// <summary>The kernel program attached to the socket.</summary>
    public BpfProgram? Program { get; private set; }

    /// <summary>
    /// Opens and arms the socket; the capture starts on the first read. Faults: CapturePermissionDenied
    /// (not root / no CAP_NET_RAW), CaptureInterfaceNotFound, CapturePlatformNotSupported, CaptureSetupFailed.
    /// </summary>
    public static LinuxPacketCapture Open(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsLinux())
        {
            throw CaptureInterfaces.Unsupported();
        }

        if (options.SnapLength < 1 || options.BufferSize < 2 * MinRingBlockSize)
        {
            throw new PSSocketException("InvalidCaptureOption", FaultCategory.InvalidArgument, options.SnapLength < 1 ? options.SnapLength : options.BufferSize,
                "The snap length must be at least 1 byte and the buffer at least 128 KiB.");
        }

        // In another namespace the socket is created by a thread inside it (and stays there), and
        // the interfaces are that namespace's: /sys/class/net would still list this one's.
        return options.NetworkNamespace is { } ns
            ? Host.NetworkNamespace.Run(ns, () => Open(options, CaptureInterfaces.ListOfThisThread()))
            : Open(options, CaptureInterfaces.List());
    }

    private static LinuxPacketCapture Open(CaptureOptions options, IReadOnlyList<CaptureInterface> all)
    {
        var device = all.FirstOrDefault(i => i.Name == options.Interface) ?? throw CaptureInterfaces.NotFound(options.Interface, all);
        int lo = all.FirstOrDefault(i => i.IsLoopback && (device.Index == 0 || device.Index == i.Index))?.Index ?? 0;
        var capture = new LinuxPacketCapture(options, device, lo);
        foreach (var i in all)
        {
            capture._names[i.Index] = i.Name;
        }

        try
        {
            capture.Arm();
            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Wakes the reader at once (eventfd) so it sees the stop.</summary>
    protected override void Wake()
    {
        if (_wake >= 0)
        {
            ulong one = 1;
            _ = LinuxPacketSocketNative.Write(_wake, &one, sizeof(ulong));
        }
    }

    protected override void ReleaseHandles()
    {
        if (_ring != 0)
        {
            _ = Munmap(_ring, _ringLength);
            _ring = 0;
        }

        if (_fd >= 0)
        {
            _ = Close(_fd);
            _fd = -1;
        }

        if (_wake >= 0)
        {
            _ = Close(_wake);
            _wake = -1;
        }
    }

    protected override void Read()
    {
        if (Options.Method == CaptureMethod.Ring)
        {
            ReadRing();
        }
        else
        {
            ReadMessages();
        }
    }

    private void Arm()
    {
        const int EfdCloexec = 0x80000, EfdNonblock = 0x800;
        _wake = EventFd(0, EfdCloexec | EfdNonblock);
        if (_wake < 0)
        {
            throw Failed("eventfd", Marshal.GetLastPInvokeError());
        }

        // Protocol 0: the socket receives nothing until bind names ETH_P_ALL, so no packet slips in
        // before the filter is attached.
        _fd = Socket(AfPacket, (_cooked ? SockDgram : SockRaw) | SockCloexec, 0);
        if (_fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno is Eperm or Eacces ? PermissionDenied(Interface.Name) : Failed("socket(AF_PACKET)", errno);
        }

        int networkOffset = _cooked || LinkType == LinkType.RawIP ? 0 : 14;
        Program = KernelFilter.Compile(Selection, networkOffset, _loopbackIndex, Options.SnapLength);
        if (Options.Expression is { } expression && !_cooked)
        {
            // The socket sees the same bytes as the frames we deliver, so libpcap's program runs in the kernel as is.
            Program = Program.Then(expression.KernelProgram(LinkType));
        }

        Attach(Program);
        if (Options.Method == CaptureMethod.Ring)
        {
            SetUpRing();
        }
        else
        {
            SetInt(SolSocket, SoRcvbufforce, (int)Math.Min((long)Options.BufferSize * SocketBufferPerRingByte, int.MaxValue / 2), "SO_RCVBUFFORCE");
            SetInt(SolPacket, PacketAuxdata, 1, "PACKET_AUXDATA");
            SetInt(SolSocket, SoTimestampns, 1, "SO_TIMESTAMPNS");
        }

        var address = new SockaddrLl { Family = AfPacket, Protocol = BinaryPrimitives.ReverseEndianness(EthPAll), IfIndex = Interface.Index };
        if (Bind(_fd, &address, sizeof(SockaddrLl)) != 0)
        {
            throw Failed("bind", Marshal.GetLastPInvokeError());
        }

        if (Options.Promiscuous && Interface.Index != 0)
        {
            var request = new PacketMreq { IfIndex = Interface.Index, Type = PacketMrPromisc };
            Check(SetSockOpt(_fd, SolPacket, PacketAddMembership, &request, sizeof(PacketMreq)), "PACKET_ADD_MEMBERSHIP");
        }
    }

    private void SetUpRing()
    {
        SetInt(SolPacket, PacketVersion, TpacketV3, "PACKET_VERSION");
        _blockSize = (int)Math.Clamp(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(Options.BufferSize / 16) + 1) / 2, MinRingBlockSize, MaxRingBlockSize);
        _blockCount = Math.Max(2, Options.BufferSize / _blockSize);
        var request = new TpacketReq3
        {
            BlockSize = (uint)_blockSize,
            BlockCount = (uint)_blockCount,
            FrameSize = 2048, // V3 packs frames of any size; the kernel only checks this divides the block
            FrameCount = (uint)(_blockSize / 2048 * _blockCount),
            RetireBlockTimeoutMs = BlockTimeoutMs,
        };
        Check(SetSockOpt(_fd, SolPacket, PacketRxRing, &request, sizeof(TpacketReq3)), "PACKET_RX_RING");
        _ringLength = (nuint)_blockSize * (nuint)_blockCount;
        _ring = Mmap(0, _ringLength, ProtRead | ProtWrite, MapShared, _fd, 0);
        if (_ring == -1)
        {
            _ring = 0;
            throw Failed("mmap of the capture ring", Marshal.GetLastPInvokeError());
        }
    }

    private void Attach(BpfProgram program)
    {
        var code = program.Instructions.Select(i => new SockFilter { Code = i.Code, JumpTrue = i.JumpTrue, JumpFalse = i.JumpFalse, K = i.K }).ToArray();
        fixed (SockFilter* p = code)
        {
            var fprog = new SockFprog { Length = (ushort)code.Length, Filter = p };
            Check(SetSockOpt(_fd, SolSocket, SoAttachFilter, &fprog, sizeof(SockFprog)), "SO_ATTACH_FILTER");
        }
    }

    private void ReadRing()
    {
        int block = 0;
        long nextCounters = (long)Elapsed.TotalMilliseconds + 1000;
        while (!Done())
        {
            byte* desc = (byte*)_ring + ((long)block * _blockSize);
            if (!HandedOver(desc))
            {
                Flush();
                WaitForData();
                if ((long)Elapsed.TotalMilliseconds >= nextCounters)
                {
                    nextCounters = (long)Elapsed.TotalMilliseconds + 1000;
                    ReadCounters();
                }

                continue;
            }

            ReadBlock(desc, untilStop: true);
            block = (block + 1) % _blockCount;
        }

        if (!CountReached)
        {
            Settle(block);
        }
    }

    /// <summary>
    /// Ending by Stop (Ctrl+C, Stop-Job, Select-Object -First) or -Duration: packets the kernel took
    /// before the end wait in a block it has not yet handed over, and it does so within
    /// <see cref="BlockTimeoutMs"/>. Waiting that long once, and reading what it hands over, loses none
    /// of them (a client refused at once, captured and stopped within the same tenth of a second).
    /// </summary>
    private void Settle(int block)
    {
        var waited = Stopwatch.StartNew();
        while (!CountReached && waited.ElapsedMilliseconds < BlockTimeoutMs + 50)
        {
            byte* desc = (byte*)_ring + ((long)block * _blockSize);
            if (!HandedOver(desc))
            {
                Thread.Sleep(5);
                continue;
            }

            ReadBlock(desc, untilStop: false);
            block = (block + 1) % _blockCount;
        }
    }

    private static bool HandedOver(byte* desc) => (Volatile.Read(ref *(uint*)(desc + 8)) & TpStatusUser) != 0;

    /// <summary>
    /// Delivers a handed-over block's packets until the count is reached (or, with <paramref name="untilStop"/>,
    /// a stop), then gives the block back to the kernel and hands the packets to the consumer. A Duration
    /// is checked between blocks, not per packet: the whole block arrived before the clock was read.
    /// </summary>
    /// <remarks>
    /// Compiled optimized at once, as are <see cref="Take"/> and <see cref="PacketCaptureBase.Deliver"/>:
    /// a burst that waited in the ring drains in tens of milliseconds, before tiered compilation has
    /// replaced the first, unoptimized code (a profile of a fresh process's drain showed it running
    /// in that code), and a capture in pwsh is always a fresh start.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadBlock(byte* desc, bool untilStop)
    {
        uint count = *(uint*)(desc + 12);
        byte* frame = desc + *(uint*)(desc + 16);
        for (uint i = 0; i < count && !CountReached && !(untilStop && Stopping); i++)
        {
            uint snap = *(uint*)(frame + 12);
            uint length = *(uint*)(frame + 16);
            uint tpStatus = *(uint*)(frame + 20);
            ushort mac = *(ushort*)(frame + 24);
            ushort net = *(ushort*)(frame + 26);
            long ns = (*(uint*)(frame + 4) * 1_000_000_000L) + *(uint*)(frame + 8);
            var sll = (SockaddrLl*)(frame + Tpacket3HeaderLength);
            byte* data = frame + (_cooked ? net : mac);
            Take(new ReadOnlySpan<byte>(data, (int)snap), (int)length, ns, tpStatus, sll);
            frame += *(uint*)frame;
        }

        Volatile.Write(ref *(uint*)(desc + 8), TpStatusKernel);
        Flush();
    }

    /// <summary>
    /// The path without a ring: recvmmsg takes up to <see cref="MessageBatch"/> packets a system call,
    /// each with its status and timestamp as ancillary data. One recvmsg a packet could not keep up:
    /// a 2 MiB socket buffer holds only a few thousand small packets (the kernel charges each its
    /// whole socket buffer, not its bytes), and a full-speed burst on lo lost 58,251 of 200,000 while
    /// tcpdump beside it, with a 2 MiB ring, lost none.
    /// </summary>
    /// <remarks>
    /// Each message has its own slot of the snap length (at most 256 KiB, the largest frame kept).
    /// The slots are native memory: the kernel writes only the pages a packet reaches, so slots for
    /// the default snap length cost address space, not memory, while the packets are small.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see ReadBlock
    private void ReadMessages()
    {
        const int MsgDontwait = 0x40, MsgTrunc = 0x20, ControlSize = 128;
        int slot = Math.Min(Options.SnapLength, MaxMessageLength);
        byte* data = (byte*)NativeMemory.Alloc((nuint)MessageBatch * (nuint)slot);
        var messages = stackalloc MmsgHdr[MessageBatch];
        var iovs = stackalloc IoVec[MessageBatch];
        var names = stackalloc SockaddrLl[MessageBatch];
        byte* control = stackalloc byte[MessageBatch * ControlSize];
        long nextCounters = (long)Elapsed.TotalMilliseconds + 1000;
        bool tookSinceWait = false;
        try
        {
            for (int i = 0; i < MessageBatch; i++)
            {
                iovs[i] = new IoVec { Base = data + ((long)i * slot), Length = (nuint)slot };
            }

            Stopwatch? settling = null;
            while (true)
            {
                if (settling is null && Done())
                {
                    if (CountReached)
                    {
                        break;
                    }

                    // Ending by Stop or Duration: packets the kernel took before the end wait in the socket's
                    // buffer, counted as received. They are read once more without waiting (as the ring settles
                    // its last block), else a stop right after the traffic lost them uncounted.
                    settling = Stopwatch.StartNew();
                }

                if (settling is not null && (CountReached || settling.ElapsedMilliseconds >= BlockTimeoutMs + 50))
                {
                    break;
                }

                for (int i = 0; i < MessageBatch; i++)
                {
                    // The kernel overwrites the lengths with what it used, so each call starts afresh.
                    messages[i] = new MmsgHdr
                    {
                        Header = new MsgHdr { Name = names + i, NameLength = (uint)sizeof(SockaddrLl), Iov = iovs + i, IovLength = 1, Control = control + (i * ControlSize), ControlLength = ControlSize },
                    };
                }

                int received = RecvMMsg(_fd, messages, MessageBatch, MsgDontwait | MsgTrunc, null);
                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Eagain)
                    {
                        Flush();
                        if (settling is not null)
                        {
                            break;
                        }

                        if (tookSinceWait)
                        {
                            // Packets are coming: let more gather before asking again. A socket wakes its
                            // poller for every packet (a ring, for every block), so polling at once after
                            // each drain read one or two packets a wakeup and took the sender's CPU.
                            tookSinceWait = false;
                            Thread.Sleep(GatherMilliseconds);
                            continue;
                        }

                        WaitForData();
                        if ((long)Elapsed.TotalMilliseconds >= nextCounters)
                        {
                            nextCounters = (long)Elapsed.TotalMilliseconds + 1000;
                            ReadCounters();
                        }

                        continue;
                    }

                    if (errno == Eintr)
                    {
                        continue;
                    }

                    throw Failed("recvmmsg", errno);
                }

                tookSinceWait = true;

                // What a call took is delivered whole (only the count cuts it short): those packets left the
                // kernel's counters as received, so leaving them out on a stop would lose them uncounted.
                for (int i = 0; i < received && !CountReached; i++)
                {
                    var (tpStatus, ns, original) = Ancillary(ref messages[i].Header);

                    // MSG_TRUNC: the length received is the packet's, also when its slot held less; the kernel
                    // filter's snap length has cut the packet already, and its length before that is auxdata's.
                    int length = (int)messages[i].Length;
                    Take(new ReadOnlySpan<byte>(data + ((long)i * slot), Math.Min(length, slot)), Math.Max(original, length), ns, tpStatus, names + i);
                }
            }
        }
        finally
        {
            NativeMemory.Free(data);
        }
    }

    /// <summary>The ring status and the length before the snap (PACKET_AUXDATA), and the kernel timestamp (SO_TIMESTAMPNS), of one received message.</summary>
    private static (uint Status, long Nanoseconds, int Length) Ancillary(ref MsgHdr message)
    {
        uint tpStatus = 0, length = 0;
        long ns = 0;
        byte* control = (byte*)message.Control;
        for (byte* c = control; c + 16 <= control + message.ControlLength;)
        {
            nuint len = *(nuint*)c;
            int level = *(int*)(c + 8), type = *(int*)(c + 12);
            if (level == SolPacket && type == PacketAuxdata)
            {
                tpStatus = ((TpacketAuxdata*)(c + 16))->Status;
                length = ((TpacketAuxdata*)(c + 16))->Length;
            }
            else if (level == SolSocket && type == SoTimestampns)
            {
                ns = (*(long*)(c + 16) * 1_000_000_000L) + *(long*)(c + 24);
            }

            if (len < 16)
            {
                break;
            }

            c += (len + 7) & ~(nuint)7;
        }

        if (ns == 0)
        {
            ns = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        }

        return (tpStatus, ns, (int)length);
    }

    /// <summary>Turns one frame into a packet: lo's outgoing copies are left out, the snap length applied, "any" frames get an SLL2 header.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Take(ReadOnlySpan<byte> frame, int originalLength, long timestampNs, uint tpStatus, SockaddrLl* sll)
    {
        if (sll->PktType == PacketOutgoing && _loopbackIndex != 0 && sll->IfIndex == _loopbackIndex)
        {
            return; // the kernel filter already does this; the check keeps it true if a filter could not be attached
        }

        int wire = originalLength;
        if (_cooked)
        {
            // LINKTYPE_LINUX_SLL2 (as tcpdump -i any): protocol, reserved, ifindex, hatype, pkttype, halen, address,
            // built in front of the frame in one reused buffer, which Deliver copies or writes out.
            const int Sll2 = 20;
            int take = Math.Min(frame.Length, Math.Max(0, Options.SnapLength - Sll2));
            if (_cookedFrame.Length < Sll2 + take)
            {
                _cookedFrame = new byte[Math.Max(Sll2 + take, 2 * _cookedFrame.Length)];
            }

            Span<byte> h = _cookedFrame.AsSpan(0, Sll2 + take);
            BinaryPrimitives.WriteUInt16LittleEndian(h, sll->Protocol); // already in network order
            h[2] = h[3] = 0;
            BinaryPrimitives.WriteInt32BigEndian(h[4..], sll->IfIndex);
            BinaryPrimitives.WriteUInt16BigEndian(h[8..], sll->HaType);
            h[10] = sll->PktType;
            h[11] = sll->HaLen;
            BinaryPrimitives.WriteUInt64LittleEndian(h[12..], sll->Addr);
            frame[..take].CopyTo(h[Sll2..]);
            frame = h;
            wire += Sll2;
        }
        else
        {
            frame = frame[..Math.Min(frame.Length, Options.SnapLength)];
        }

        if (_cooked && Options.Expression is { } expression && !expression.Matches(LinkType, frame, wire))
        {
            // On a cooked socket the kernel filter sees the packet from its network header, while libpcap
            // compiled for the SLL2 frame we build, so the expression runs here on that frame.
            return;
        }

        var kernel = (tpStatus & TpStatusCsumNotReady) != 0 ? KernelChecksum.NotReady
            : (tpStatus & TpStatusCsumValid) != 0 ? KernelChecksum.Verified
            : KernelChecksum.Unknown;
        Deliver(frame, wire, timestampNs, Interface.Index != 0 ? Interface.Name : NameOf(sll->IfIndex), kernel);
    }

    private string NameOf(int index)
    {
        if (!_names.TryGetValue(index, out string? name))
        {
            // An interface that appeared during the capture.
            name = CaptureInterfaces.List().FirstOrDefault(i => i.Index == index)?.Name ?? index.ToString(CultureInfo.InvariantCulture);
            _names[index] = name;
        }

        return name;
    }

    private void WaitForData()
    {
        int timeout = WaitMilliseconds();
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = _fd, Events = PollIn };
        fds[1] = new PollFd { Fd = _wake, Events = PollIn };
        if (Poll(fds, 2, timeout) < 0 && Marshal.GetLastPInvokeError() != Eintr)
        {
            throw Failed("poll", Marshal.GetLastPInvokeError());
        }

        if ((fds[0].Revents & PollErr) != 0)
        {
            throw Failed("poll (socket error: the interface may have gone away)", Enodev);
        }
    }

    /// <summary>PACKET_STATISTICS returns the counts since the last call and resets them, so they are summed here.</summary>
    protected override void ReadCounters()
    {
        if (_fd < 0)
        {
            return;
        }

        TpacketStatsV3 stats = default;
        int length = sizeof(TpacketStatsV3);
        if (GetSockOpt(_fd, SolPacket, PacketStatistics, &stats, &length) == 0)
        {
            AddKernelCounts(stats.Packets, stats.Drops);
        }
    }

    private void SetInt(int level, int name, int value, string what) => Check(SetSockOpt(_fd, level, name, &value, sizeof(int)), what);

    private void Check(int result, string what)
    {
        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno is Eperm or Eacces ? PermissionDenied(Interface.Name) : Failed(what, errno);
        }
    }

    private PSSocketException Failed(string what, int errno) =>
        new("CaptureSetupFailed", FaultCategory.ResourceUnavailable, Interface.Name,
            string.Create(CultureInfo.InvariantCulture, $"Capture on '{Interface.Name}' failed at {what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})."));

    internal static PSSocketException PermissionDenied(string interfaceName) =>
        new("CapturePermissionDenied", FaultCategory.PermissionDenied, interfaceName,
            $"Capturing on '{interfaceName}' needs root, or the CAP_NET_RAW and CAP_NET_ADMIN capabilities (for example: sudo setcap cap_net_raw,cap_net_admin+eip on the pwsh binary, or run pwsh with sudo).");
}
