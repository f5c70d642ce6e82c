namespace PSSocket.Core.Capture;

/// <summary>Which backend opens a capture when the user names none, and opening the one named.</summary>
internal static class CaptureBackends
{
    /// <summary>
    /// Without a named backend: Linux reads AF_PACKET; Windows uses Npcap where it is installed and
    /// otherwise a raw socket with SIO_RCVALL; macOS uses libpcap, which ships with it.
    /// </summary>
    public static CaptureBackend Choose(CaptureBackend? requested, bool isLinux, bool isWindows, bool pcapLoads) =>
        requested ?? (isLinux ? CaptureBackend.Native
            : isWindows ? (pcapLoads ? CaptureBackend.Pcap : CaptureBackend.Native)
            : CaptureBackend.Pcap);

    /// <summary>Opens the capture on the backend <see cref="Choose"/> picks for this platform.</summary>
    public static IPacketCapture Open(CaptureBackend? requested, CaptureOptions options)
    {
        var backend = Choose(requested, OperatingSystem.IsLinux(), OperatingSystem.IsWindows(), requested is null && !OperatingSystem.IsLinux() && CaptureInterfaces.PcapAvailable());
        if (backend == CaptureBackend.Pcap)
        {
            return PcapLibraryCapture.Open(options);
        }

        return OperatingSystem.IsWindows() ? WindowsRawCapture.Open(options) : LinuxPacketCapture.Open(options);
    }
}
