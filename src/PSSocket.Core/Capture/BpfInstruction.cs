using System.Runtime.InteropServices;

namespace PSSocket.Core.Capture;

/// <summary>One classic BPF instruction (struct sock_filter / struct bpf_insn): the layout the kernel and libpcap share.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct BpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    // Instruction classes and modes of linux/bpf_common.h.
    public const ushort Ld = 0x00;
    public const ushort Ldx = 0x01;
    public const ushort Alu = 0x04;
    public const ushort Jmp = 0x05;
    public const ushort Ret = 0x06;
    public const ushort W = 0x00;
    public const ushort H = 0x08;
    public const ushort B = 0x10;
    public const ushort Abs = 0x20;
    public const ushort Ind = 0x40;
    public const ushort Msh = 0xa0;
    public const ushort Ja = 0x00;
    public const ushort Jeq = 0x10;
    public const ushort Jgt = 0x20;
    public const ushort Jge = 0x30;
    public const ushort Jset = 0x40;
    public const ushort K_ = 0x00;

    /// <summary>Ancillary loads (linux/filter.h SKF_AD_*): negative offsets the kernel maps to skb fields.</summary>
    public const uint AncillaryBase = unchecked((uint)-0x1000);
    public const uint AncillaryProtocol = AncillaryBase + 0;
    public const uint AncillaryPacketType = AncillaryBase + 4;
    public const uint AncillaryInterfaceIndex = AncillaryBase + 8;

    public bool IsReturn => (Code & 0x07) == Ret;

    /// <summary>As tcpdump -dd prints an instruction, so a program can be compared with libpcap's line by line.</summary>
    public override string ToString() => $"{{ 0x{Code:x}, {JumpTrue}, {JumpFalse}, 0x{K:x8} }}";
}
