using System.Globalization;
using System.Runtime.InteropServices;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Capture;

/// <summary>
/// Live capture through libpcap (pcap_create, pcap_activate, pcap_next_ex): the platform's way on
/// macOS and on Windows with Npcap, selectable on Linux where it runs beside the native backend.
/// libpcap is called directly, like <see cref="FilterExpression"/>, so the module ships no extra
/// assembly. The selection becomes a tcpdump expression compiled on the live handle and is checked
/// again on each packet; timestamps are asked for in nanoseconds. The reader thread and its queue
/// are <see cref="PacketCaptureBase"/>'s.
/// </summary>
internal sealed unsafe class PcapLibraryCapture : PacketCaptureBase
{
    private const int TimeoutMs = 100;

    private static readonly object Loading = new();
    private static bool s_loaded;
    private static delegate* unmanaged<byte*, byte*, nint> s_create;
    private static delegate* unmanaged<nint, int, int> s_setSnaplen;
    private static delegate* unmanaged<nint, int, int> s_setPromisc;
    private static delegate* unmanaged<nint, int, int> s_setTimeout;
    private static delegate* unmanaged<nint, int, int> s_setBufferSize;
    private static delegate* unmanaged<nint, int, int> s_setImmediate;
    private static delegate* unmanaged<nint, int, int> s_setPrecision;
    private static delegate* unmanaged<nint, int> s_activate;
    private static delegate* unmanaged<nint, int> s_datalink;
    private static delegate* unmanaged<nint, nint, byte*, int, uint, int> s_compile;
    private static delegate* unmanaged<nint, nint, int> s_setFilter;
    private static delegate* unmanaged<nint, void> s_freeCode;
    private static delegate* unmanaged<nint, PacketHeader**, byte**, int> s_nextEx;
    private static delegate* unmanaged<nint, uint*, int> s_stats;
    private static delegate* unmanaged<nint, byte*> s_error;
    private static delegate* unmanaged<nint, void> s_close;
    private static delegate* unmanaged<nint, void> s_breakLoop;

    private nint _pcap;
    private LinkType _linkType;
    private string _description = string.Empty;

    private PcapLibraryCapture(CaptureOptions options, CaptureInterface device)
        : base(options, device)
    {
    }

    public override LinkType LinkType => _linkType;

    public override string Description => _description;

    /// <summary>Opens and activates a libpcap handle. Faults: PcapLibraryNotFound, CapturePermissionDenied, CaptureInterfaceNotFound, CaptureSetupFailed.</summary>
    public static PcapLibraryCapture Open(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.NetworkNamespace is { } ns)
        {
            throw new PSSocketException("NetworkNamespaceNeedsNativeBackend", FaultCategory.InvalidArgument, ns,
                "A capture in another network namespace uses the Native backend (its socket is opened inside the namespace); leave out -Backend Pcap.");
        }

        Load();
        var device = CaptureInterfaces.Find(options.Interface);
        var capture = new PcapLibraryCapture(options, device);
        try
        {
            capture.Activate();
            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>The selection as tcpdump's language, so libpcap can run it where it runs filters.</summary>
    internal static string? ToExpression(PacketFilter? selection)
    {
        if (selection is null || selection.IsEmpty)
        {
            return null;
        }

        var parts = new List<string>();
        if (selection.Protocols is { } protocols && !protocols.Contains(PacketProtocol.Unknown))
        {
            parts.Add("(" + string.Join(" or ", protocols.Select(p => p switch
            {
                PacketProtocol.IPv4 => "ip",
                PacketProtocol.IPv6 => "ip6",
                PacketProtocol.Arp => "arp",
                PacketProtocol.Tcp => "tcp",
                PacketProtocol.Udp => "udp",
                PacketProtocol.Icmp => "icmp",
                _ => "icmp6",
            })) + ")");
        }

        if (selection.Ports is { } ports)
        {
            parts.Add("((tcp or udp) and (" + string.Join(" or ", ports.Select(p => "port " + p.ToString(CultureInfo.InvariantCulture))) + "))");
        }

        if (selection.Addresses.Count > 0)
        {
            parts.Add("(" + string.Join(" or ", selection.Addresses.Select(a => "host " + new System.Net.IPAddress(a))) + ")");
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }

    /// <summary>
    /// Ends the capture. With TPACKET_V3 libpcap polls without a timeout while nothing arrives;
    /// pcap_breakloop (libpcap 1.10 and later) wakes that poll through its own eventfd.
    /// </summary>
    protected override void Wake()
    {
        if (_pcap != 0)
        {
            s_breakLoop(_pcap);
        }
    }

    protected override void ReleaseHandles()
    {
        if (_pcap != 0)
        {
            s_close(_pcap);
            _pcap = 0;
        }
    }

    private void Activate()
    {
        byte* errors = stackalloc byte[512];
        byte[] name = System.Text.Encoding.UTF8.GetBytes(Interface.Name + "\0");
        fixed (byte* n = name)
        {
            _pcap = s_create(n, errors);
        }

        if (_pcap == 0)
        {
            throw Failed("pcap_create", Marshal.PtrToStringUTF8((nint)errors));
        }

        _ = s_setSnaplen(_pcap, Options.SnapLength);
        _ = s_setPromisc(_pcap, Options.Promiscuous ? 1 : 0);
        _ = s_setTimeout(_pcap, TimeoutMs);
        _ = s_setBufferSize(_pcap, Options.BufferSize);
        _ = s_setImmediate(_pcap, 1);
        _ = s_setPrecision(_pcap, 1); // PCAP_TSTAMP_PRECISION_NANO
        int status = s_activate(_pcap);
        if (status < 0)
        {
            const int ErrorPermissionDenied = -8, ErrorNoSuchDevice = -5;
            throw status switch
            {
                ErrorPermissionDenied => LinuxPacketCapture.PermissionDenied(Interface.Name),
                ErrorNoSuchDevice => new PSSocketException("CaptureInterfaceNotFound", FaultCategory.ObjectNotFound, Interface.Name, $"libpcap finds no interface '{Interface.Name}'."),
                _ => Failed("pcap_activate", Marshal.PtrToStringUTF8((nint)s_error(_pcap))),
            };
        }

        _linkType = s_datalink(_pcap) == 12 ? LinkType.RawIP : (LinkType)s_datalink(_pcap);
        string? expression = string.Join(" and ", new[] { ToExpression(Selection), Options.Expression?.Text }.Where(e => e is not null).Select(e => "(" + e + ")"));
        if (expression.Length > 0)
        {
            nint program = Marshal.AllocHGlobal(16);
            try
            {
                byte[] text = System.Text.Encoding.UTF8.GetBytes(expression + "\0");
                fixed (byte* t = text)
                {
                    if (s_compile(_pcap, program, t, 1, 0xFFFFFFFF) != 0 || s_setFilter(_pcap, program) != 0)
                    {
                        throw new PSSocketException("InvalidFilterExpression", FaultCategory.InvalidArgument, expression,
                            $"libpcap cannot apply the filter '{expression}': {Marshal.PtrToStringUTF8((nint)s_error(_pcap))}.");
                    }
                }

                s_freeCode(program);
            }
            finally
            {
                Marshal.FreeHGlobal(program);
            }
        }

        _description = $"libpcap ({LinkType}), filter: {(expression.Length > 0 ? expression : "all")}";
    }

    protected override void Read()
    {
        // Repeated every 100 ms after the Duration: one pcap_breakloop that lands while the stop
        // conditions do not yet see the time as up (or between two pcap_next_ex calls, which clears
        // it) left the reader blocked in libpcap for good on a quiet interface (seen once in CI).
        using var deadline = Options.Duration is { } limit ? new Timer(static s => ((PcapLibraryCapture)s!).Wake(), this, limit, TimeSpan.FromMilliseconds(100)) : null;
        while (!Done())
        {
            PacketHeader* header;
            byte* data;
            int result = s_nextEx(_pcap, &header, &data);
            if (result is 0 or -2)
            {
                continue; // a timeout, or pcap_breakloop (a stop, or the Duration's timer): look at the stop conditions again
            }

            if (result < 0)
            {
                throw Failed("pcap_next_ex", Marshal.PtrToStringUTF8((nint)s_error(_pcap)));
            }

            long ns = (header->Seconds * 1_000_000_000L) + header->Fraction; // nanosecond precision was asked for
            Deliver(new ReadOnlySpan<byte>(data, (int)header->CapturedLength), (int)header->Length, ns, Interface.Name, KernelChecksum.Unknown);
            Flush(); // pcap_next_ex may block next, so nothing waits with the reader
        }
    }

    /// <summary>pcap_stats counts from the start of the capture.</summary>
    protected override void ReadCounters()
    {
        uint* stats = stackalloc uint[3];
        if (_pcap != 0 && s_stats(_pcap, stats) == 0)
        {
            SetKernelCounts(stats[0], stats[1]);
        }
    }

    private PSSocketException Failed(string what, string? why) =>
        new("CaptureSetupFailed", FaultCategory.ResourceUnavailable, Interface.Name, $"libpcap capture on '{Interface.Name}' failed at {what}: {why}.");

    private static void Load()
    {
        lock (Loading)
        {
            if (s_loaded)
            {
                return;
            }

            nint library = FilterExpression.FindLibrary(FilterExpression.LibraryNames);
            nint F(string name) => NativeLibrary.GetExport(library, name);
            s_create = (delegate* unmanaged<byte*, byte*, nint>)F("pcap_create");
            s_setSnaplen = (delegate* unmanaged<nint, int, int>)F("pcap_set_snaplen");
            s_setPromisc = (delegate* unmanaged<nint, int, int>)F("pcap_set_promisc");
            s_setTimeout = (delegate* unmanaged<nint, int, int>)F("pcap_set_timeout");
            s_setBufferSize = (delegate* unmanaged<nint, int, int>)F("pcap_set_buffer_size");
            s_setImmediate = (delegate* unmanaged<nint, int, int>)F("pcap_set_immediate_mode");
            s_setPrecision = (delegate* unmanaged<nint, int, int>)F("pcap_set_tstamp_precision");
            s_activate = (delegate* unmanaged<nint, int>)F("pcap_activate");
            s_datalink = (delegate* unmanaged<nint, int>)F("pcap_datalink");
            s_compile = (delegate* unmanaged<nint, nint, byte*, int, uint, int>)F("pcap_compile");
            s_setFilter = (delegate* unmanaged<nint, nint, int>)F("pcap_setfilter");
            s_freeCode = (delegate* unmanaged<nint, void>)F("pcap_freecode");
            s_nextEx = (delegate* unmanaged<nint, PacketHeader**, byte**, int>)F("pcap_next_ex");
            s_stats = (delegate* unmanaged<nint, uint*, int>)F("pcap_stats");
            s_error = (delegate* unmanaged<nint, byte*>)F("pcap_geterr");
            s_close = (delegate* unmanaged<nint, void>)F("pcap_close");
            s_breakLoop = (delegate* unmanaged<nint, void>)F("pcap_breakloop");
            s_loaded = true;
        }
    }

    /// <summary>struct pcap_pkthdr on LP64: a timeval (the second field holds nanoseconds at nano precision), caplen, len.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PacketHeader
    {
        public long Seconds;
        public long Fraction;
        public uint CapturedLength;
        public uint Length;
    }
}
