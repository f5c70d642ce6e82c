using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Capture;

/// <summary>The interfaces a capture can open, read from /sys/class/net (Linux) and the .NET interface list (elsewhere).</summary>
internal static partial class CaptureInterfaces
{
    public const string Any = "any";

    private const string SysNet = "/sys/class/net";
    private const int ArphrdEther = 1;
    private const int ArphrdLoopback = 772;
    private const int ArphrdNone = 65534;

    public static IReadOnlyList<CaptureInterface> List()
    {
        if (OperatingSystem.IsWindows())
        {
            // Npcap names its devices differently (\Device\NPF_{GUID}); without it the raw socket reads IP packets.
            return FromNetworkInterfaces(PcapAvailable() ? ["Native", "Pcap"] : ["Native"], LinkType.RawIP);
        }

        if (!OperatingSystem.IsLinux())
        {
            return FromNetworkInterfaces(["Pcap"], LinkType.Ethernet); // macOS: libpcap, under the system's names
        }

        var addresses = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            addresses[nic.Name] = [.. nic.GetIPProperties().UnicastAddresses
                .Select(u => u.Address)
                .OrderBy(a => a.AddressFamily == AddressFamily.InterNetworkV6)
                .Select(a => a.ToString())];
        }

        string[] backends = PcapAvailable() ? ["Native", "Pcap"] : ["Native"];
        var list = new List<CaptureInterface> { new(Any, 0, null, [], null, true, false, -1, LinkType.LinuxSll2, backends) };
        foreach (string dir in Directory.EnumerateDirectories(SysNet).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(dir);
            if (Describe(name, addresses.GetValueOrDefault(name) ?? [], backends) is { } item)
            {
                list.Add(item);
            }
        }

        return [.. list.OrderBy(i => i.Index)];
    }

    /// <summary>
    /// The list from .NET's NetworkInterface, for Windows: names, indexes, addresses, MTU and state
    /// as the system reports them; there is no ARPHRD type (-1). Runs on Linux too, where the tests
    /// compare it with /sys/class/net; it has not run on Windows here.
    /// </summary>
    internal static IReadOnlyList<CaptureInterface> FromNetworkInterfaces(string[] backends, LinkType linkType)
    {
        var list = new List<CaptureInterface> { new(Any, 0, null, [], null, true, false, -1, linkType, backends) };
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            var properties = nic.GetIPProperties();
            IPv4InterfaceProperties? v4 = null;
            try
            {
                v4 = properties.GetIPv4Properties();
            }
            catch (NetworkInformationException)
            {
                // IPv4 is not enabled on this interface: no index or MTU from it
            }

            byte[] mac = nic.GetPhysicalAddress().GetAddressBytes();
            string[] addresses = [.. properties.UnicastAddresses.Select(u => u.Address)
                .OrderBy(a => a.AddressFamily == AddressFamily.InterNetworkV6)
                .Select(a => a.ToString())];
            list.Add(new CaptureInterface(nic.Name, v4?.Index ?? -1, mac.Length == 6 ? string.Join(':', mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) : null,
                addresses, v4?.Mtu, nic.OperationalStatus == OperationalStatus.Up, nic.NetworkInterfaceType == NetworkInterfaceType.Loopback, -1, linkType, backends));
        }

        return [.. list.OrderBy(i => i.Index < 0 ? int.MaxValue : i.Index)];
    }

    /// <summary>One interface by exact name; a clear error naming the ones that exist when there is no such interface.</summary>
    public static CaptureInterface Find(string name)
    {
        var all = List();
        return all.FirstOrDefault(i => i.Name == name) ?? throw NotFound(name, all);
    }

    public static PSSocketException NotFound(string name, IReadOnlyList<CaptureInterface> all) =>
        new("CaptureInterfaceNotFound", FaultCategory.ObjectNotFound, name,
            $"There is no interface '{name}'. Interfaces here: {string.Join(", ", all.Select(i => i.Name))} (Get-CaptureInterface lists them).");

    /// <summary>
    /// The interfaces of the network namespace the calling thread is in, asked of the kernel through a
    /// socket made here (names from /proc/thread-self/net/dev, then SIOCGIFINDEX, SIOCGIFFLAGS,
    /// SIOCGIFHWADDR, SIOCGIFMTU): sysfs answers for the namespace it was mounted in, not the thread's.
    /// </summary>
    public static unsafe IReadOnlyList<CaptureInterface> ListOfThisThread()
    {
        const int AfInet = 2, SockDgram = 2, SockCloexec = 0x80000;
        const int SiocGifFlags = 0x8913, SiocGifHwAddr = 0x8927, SiocGifMtu = 0x8921, SiocGifIndex = 0x8933;
        const int IffUp = 0x1, IffLoopback = 0x8;
        int fd = LinuxPacketSocketNative.Socket(AfInet, SockDgram | SockCloexec, 0);
        if (fd < 0)
        {
            throw new PSSocketException("CaptureSetupFailed", FaultCategory.ResourceUnavailable, "any",
                $"Listing this namespace's interfaces failed at socket(AF_INET): {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}.");
        }

        try
        {
            var list = new List<CaptureInterface> { new(Any, 0, null, [], null, true, false, -1, LinkType.LinuxSll2, ["Native"]) };
            // "  lo: 1234 ..." after two header lines.
            foreach (string line in File.ReadLines("/proc/thread-self/net/dev").Skip(2))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                string name = colon > 0 ? line[..colon].Trim() : string.Empty;
                byte[] request = new byte[40]; // struct ifreq: the name, then a 24-byte union
                if (name.Length == 0 || System.Text.Encoding.UTF8.GetBytes(name, request) >= 16)
                {
                    continue;
                }

                fixed (byte* r = request)
                {
                    if (IoCtl(fd, SiocGifIndex, r) != 0)
                    {
                        continue; // vanished while listing
                    }

                    int index = *(int*)(r + 16);
                    int flags = IoCtl(fd, SiocGifFlags, r) == 0 ? *(short*)(r + 16) & 0xFFFF : 0;
                    int type = IoCtl(fd, SiocGifHwAddr, r) == 0 ? *(ushort*)(r + 16) : ArphrdNone;
                    string? mac = type == ArphrdEther ? string.Join(':', request[18..24].Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) : null;
                    int? mtu = IoCtl(fd, SiocGifMtu, r) == 0 ? *(int*)(r + 16) : null;
                    list.Add(new CaptureInterface(name, index, mac, [], mtu, (flags & IffUp) != 0, (flags & IffLoopback) != 0, type, Framing(type).LinkType, ["Native"]));
                }
            }

            return [.. list.OrderBy(i => i.Index)];
        }
        finally
        {
            _ = LinuxPacketSocketNative.Close(fd);
        }
    }

    /// <summary>How a socket on an interface of this hardware type sees frames (as libpcap decides for Linux).</summary>
    public static (LinkType LinkType, bool Cooked) Framing(int hardwareType) => hardwareType switch
    {
        ArphrdEther or ArphrdLoopback => (LinkType.Ethernet, false),
        ArphrdNone => (LinkType.RawIP, false),
        _ => (LinkType.LinuxSll2, true), // anything else: the kernel strips the link header and we describe it
    };

    public static PSSocketException Unsupported() =>
        new("CapturePlatformNotSupported", FaultCategory.NotImplemented, Environment.OSVersion.Platform.ToString(),
            $"Native capture works on Linux (AF_PACKET) and Windows (a raw socket); this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}: use -Backend Pcap (libpcap).");

    /// <summary>True when libpcap loads here, so -Backend Pcap can work.</summary>
    internal static bool PcapAvailable()
    {
        try
        {
            _ = FilterExpression.FindLibrary(FilterExpression.LibraryNames);
            return true;
        }
        catch (PSSocketException)
        {
            return false;
        }
    }

    private static CaptureInterface? Describe(string name, List<string> addresses, string[] backends)
    {
        string dir = Path.Combine(SysNet, name);
        if (Read(dir, "ifindex") is not { } indexText || Read(dir, "type") is not { } typeText)
        {
            return null; // vanished while listing
        }

        int index = int.Parse(indexText, CultureInfo.InvariantCulture);
        int type = int.Parse(typeText, CultureInfo.InvariantCulture);
        int flags = Read(dir, "flags") is { } f ? Convert.ToInt32(f, 16) : 0;
        int? mtu = Read(dir, "mtu") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : null;
        string? mac = Read(dir, "address") is { Length: 17 } a ? a : null;
        const int IffUp = 0x1, IffLoopback = 0x8;
        return new CaptureInterface(name, index, mac, addresses, mtu, (flags & IffUp) != 0, (flags & IffLoopback) != 0, type, Framing(type).LinkType, backends);
    }

    private static string? Read(string dir, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, file)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int IoCtl(int fd, nuint request, byte* argument);
}
