using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace PSSocket.Core.Capture;

/// <summary>
/// Compiles a capture's per-packet methods (those marked AggressiveOptimization in the types listed
/// here: the capture, packet and file-writer code on a packet's way) when the first capture of a process opens, before its socket takes
/// packets. Compiled on their first call instead, the optimizing compiler ran inside the first drain:
/// a fresh process drained a 200,000-packet burst in 64-135 ms where a warm one took 25-40 ms, with
/// every method already optimized. Once per process, a few tens of milliseconds, before capture starts.
/// </summary>
internal static class HotPath
{
    private static int s_prepared;

    public static void Prepare()
    {
        if (Interlocked.Exchange(ref s_prepared, 1) != 0)
        {
            return;
        }

        Prepare(typeof(PacketCaptureBase));
        Prepare(typeof(PacketCaptureBase.PacketEnumerator));
        Prepare(typeof(LinuxPacketCapture));
        Prepare(typeof(Packets.FrameDecoder));
        Prepare(typeof(Packets.PacketFilter));
        Prepare(typeof(Packets.Packet));
        Prepare(typeof(Files.CaptureFileWriter));
        Prepare(typeof(Files.PcapFileWriter));
        Prepare(typeof(Files.PcapNgFileWriter));
    }

    private static void Prepare([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors)] Type type)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0 && !method.IsAbstract)
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
    }
}
