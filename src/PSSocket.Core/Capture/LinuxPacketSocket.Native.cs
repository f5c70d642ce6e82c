using System.Runtime.InteropServices;

namespace PSSocket.Core.Capture;

/// <summary>
/// The libc calls and kernel constants of AF_PACKET capture (linux/if_packet.h, linux/filter.h).
/// .NET's Socket cannot set up a memory-mapped ring, read ancillary data other than IP_PKTINFO,
/// or attach a classic BPF program, so the capture socket is a plain file descriptor.
/// </summary>
internal static partial class LinuxPacketSocketNative
{
    public const int AfPacket = 17;
    public const int SockRaw = 3;
    public const int SockDgram = 2;
    public const int SockCloexec = 0x80000;
    public const int SockNonblock = 0x800;
    public const ushort EthPAll = 0x0003;

    public const int SolSocket = 1;
    public const int SoRcvbufforce = 33;
    public const int SoAttachFilter = 26;
    public const int SoTimestampns = 35;

    public const int SolPacket = 263;
    public const int PacketAddMembership = 1;
    public const int PacketRxRing = 5;
    public const int PacketStatistics = 6;
    public const int PacketAuxdata = 8;
    public const int PacketVersion = 10;
    public const int PacketMrPromisc = 1;
    public const int TpacketV3 = 2;

    public const byte PacketOutgoing = 4;

    public const uint TpStatusKernel = 0;
    public const uint TpStatusUser = 1;
    public const uint TpStatusCsumNotReady = 0x8;
    public const uint TpStatusCsumValid = 0x80;

    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int MapShared = 1;
    public const int MapLocked = 0x2000;

    public const short PollIn = 1;
    public const short PollErr = 8;

    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Eperm = 1;
    public const int Eacces = 13;
    public const int Enodev = 19;
    public const int Enxio = 6;

    /// <summary>tpacket3_hdr is 48 bytes; the kernel puts the sockaddr_ll right after it (TPACKET_ALIGN).</summary>
    public const int Tpacket3HeaderLength = 48;

    /// <summary>
    /// struct sockaddr_ll: 20 bytes, sll_addr (8 bytes) at offset 12. Packed to 4 so the ulong is not aligned to 16,
    /// where it read the address's last two bytes and whatever followed (the "any" capture's SLL2 addresses were wrong).
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct SockaddrLl
    {
        public ushort Family;
        public ushort Protocol;
        public int IfIndex;
        public ushort HaType;
        public byte PktType;
        public byte HaLen;
        public ulong Addr;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TpacketReq3
    {
        public uint BlockSize;
        public uint BlockCount;
        public uint FrameSize;
        public uint FrameCount;
        public uint RetireBlockTimeoutMs;
        public uint SizeofPriv;
        public uint FeatureReqWord;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TpacketStatsV3
    {
        public uint Packets;
        public uint Drops;
        public uint FreezeQueueCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PacketMreq
    {
        public int IfIndex;
        public ushort Type;
        public ushort AddressLength;
        public ulong Address;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SockFilter
    {
        public ushort Code;
        public byte JumpTrue;
        public byte JumpFalse;
        public uint K;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct SockFprog
    {
        public ushort Length;
        public SockFilter* Filter;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: one message of recvmmsg and the length the kernel received into it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MmsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>struct tpacket_auxdata: the ring's per-packet status for the recvmmsg path.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TpacketAuxdata
    {
        public uint Status;
        public uint Length;
        public uint SnapLength;
        public ushort Mac;
        public ushort Net;
        public ushort VlanTci;
        public ushort VlanTpid;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static unsafe partial int Bind(int fd, SockaddrLl* address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static unsafe partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static unsafe partial int GetSockOpt(int fd, int level, int name, void* value, int* length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static unsafe partial int RecvMMsg(int fd, MmsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static unsafe partial nint SendTo(int fd, byte* buffer, nuint length, int flags, void* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, void* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint IfNameToIndex(string name);
}
