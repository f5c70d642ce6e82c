using System.Globalization;
using System.Runtime.InteropServices;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Capture;

/// <summary>
/// A tcpdump filter expression, compiled by libpcap's own pcap_compile for each link type it meets.
/// pcap_compile is called directly rather than through SharpPcap's BpfProgram: a live capture needs
/// the instructions themselves to attach to its socket (BpfProgram keeps them behind a handle), and
/// three functions do not justify a package. Files are matched with pcap_offline_filter, libpcap's
/// own interpreter, so Import-Pcap -Filter selects exactly what tcpdump -r selects.
/// </summary>
internal sealed unsafe class FilterExpression : IDisposable
{
    /// <summary>Where libpcap is looked for, in order (Debian's runtime package names it libpcap.so.0.8).</summary>
    internal static readonly string[] LibraryNames = ["libpcap.so.0.8", "libpcap.so.1", "libpcap.so", "libpcap.A.dylib", "wpcap.dll"];

    private static readonly object Compiling = new();
    private static nint s_library;
    private static delegate* unmanaged<int, int, nint> s_openDead;
    private static delegate* unmanaged<nint, BpfProgramStruct*, byte*, int, uint, int> s_compile;
    private static delegate* unmanaged<BpfProgramStruct*, void> s_freeCode;
    private static delegate* unmanaged<nint, void> s_close;
    private static delegate* unmanaged<nint, byte*> s_error;
    private static delegate* unmanaged<BpfProgramStruct*, PcapPacketHeader*, byte*, int> s_offlineFilter;

    private readonly Dictionary<LinkType, nint> _programs = [];
    private bool _disposed;

    private FilterExpression(string text) => Text = text;

    public string Text { get; }

    /// <summary>Checks that libpcap is there and the expression compiles (for Ethernet, the commonest link type).</summary>
    /// <exception cref="PSSocketException">PcapLibraryNotFound, InvalidFilterExpression.</exception>
    public static FilterExpression Compile(string text)
    {
        var expression = new FilterExpression(text);
        try
        {
            _ = expression.ProgramFor(LinkType.Ethernet);
            return expression;
        }
        catch
        {
            expression.Dispose();
            throw;
        }
    }

    /// <summary>The classic BPF of this expression for frames of <paramref name="linkType"/>, accepting up to the snap length.</summary>
    public BpfProgram KernelProgram(LinkType linkType)
    {
        var p = (BpfProgramStruct*)ProgramFor(linkType);
        var code = new BpfInstruction[p->Length];
        for (int i = 0; i < code.Length; i++)
        {
            code[i] = p->Instructions[i];
        }

        return new BpfProgram(code, "'" + Text + "'");
    }

    /// <summary>libpcap's verdict on one frame, as tcpdump -r gives it.</summary>
    public bool Matches(LinkType linkType, ReadOnlySpan<byte> frame, int originalLength)
    {
        var program = (BpfProgramStruct*)ProgramFor(linkType);
        var header = new PcapPacketHeader { CapturedLength = (uint)frame.Length, Length = (uint)Math.Max(originalLength, frame.Length) };
        fixed (byte* data = frame)
        {
            return s_offlineFilter(program, &header, data) != 0;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (nint p in _programs.Values)
        {
            s_freeCode((BpfProgramStruct*)p);
            Marshal.FreeHGlobal(p);
        }

        _programs.Clear();
    }

    private nint ProgramFor(LinkType linkType)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_programs.TryGetValue(linkType, out nint compiled))
        {
            return compiled;
        }

        Load();
        var program = (BpfProgramStruct*)Marshal.AllocHGlobal(sizeof(BpfProgramStruct));
        *program = default;
        lock (Compiling)
        {
            // libpcap's DLT_ numbers equal the LINKTYPE_ ones we store, except raw IP (DLT_RAW is 12 on Linux).
            nint pcap = s_openDead(linkType == LinkType.RawIP ? 12 : (int)linkType, 262144);
            try
            {
                byte[] text = System.Text.Encoding.UTF8.GetBytes(Text + "\0");
                fixed (byte* t = text)
                {
                    const uint NetmaskUnknown = 0xFFFFFFFF; // PCAP_NETMASK_UNKNOWN: only "ip broadcast" needs it
                    if (s_compile(pcap, program, t, 1, NetmaskUnknown) != 0)
                    {
                        string why = Marshal.PtrToStringUTF8((nint)s_error(pcap)) ?? "syntax error";
                        Marshal.FreeHGlobal((nint)program);
                        throw new PSSocketException("InvalidFilterExpression", FaultCategory.InvalidArgument, Text,
                            string.Create(CultureInfo.InvariantCulture, $"libpcap cannot compile the filter '{Text}' for {linkType} frames: {why}."));
                    }
                }
            }
            finally
            {
                s_close(pcap);
            }
        }

        _programs[linkType] = (nint)program;
        return (nint)program;
    }

    private static void Load()
    {
        lock (Compiling)
        {
            if (s_library != 0)
            {
                return;
            }

            nint library = FindLibrary(LibraryNames);
            s_openDead = (delegate* unmanaged<int, int, nint>)NativeLibrary.GetExport(library, "pcap_open_dead");
            s_compile = (delegate* unmanaged<nint, BpfProgramStruct*, byte*, int, uint, int>)NativeLibrary.GetExport(library, "pcap_compile");
            s_freeCode = (delegate* unmanaged<BpfProgramStruct*, void>)NativeLibrary.GetExport(library, "pcap_freecode");
            s_close = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "pcap_close");
            s_error = (delegate* unmanaged<nint, byte*>)NativeLibrary.GetExport(library, "pcap_geterr");
            s_offlineFilter = (delegate* unmanaged<BpfProgramStruct*, PcapPacketHeader*, byte*, int>)NativeLibrary.GetExport(library, "pcap_offline_filter");
            s_library = library;
        }
    }

    /// <summary>The first of <paramref name="names"/> that loads; PcapLibraryNotFound, naming what to install, when none does.</summary>
    internal static nint FindLibrary(IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            if (NativeLibrary.TryLoad(name, out nint library))
            {
                return library;
            }
        }

        throw new PSSocketException("PcapLibraryNotFound", FaultCategory.ResourceUnavailable, "libpcap",
            "A tcpdump filter expression (-Filter) is compiled by libpcap, which is not installed. Install it (Debian/Ubuntu: apt-get install libpcap0.8; Fedora: dnf install libpcap; macOS: built in; Windows: Npcap), or use -Protocol, -Port and -Address, which need nothing.");
    }

    /// <summary>struct bpf_program.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct BpfProgramStruct
    {
        public uint Length;
        public BpfInstruction* Instructions;
    }

    /// <summary>struct pcap_pkthdr (struct timeval of two longs on LP64; the filter does not read the time).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PcapPacketHeader
    {
        public nint Seconds;
        public nint Microseconds;
        public uint CapturedLength;
        public uint Length;
    }
}
