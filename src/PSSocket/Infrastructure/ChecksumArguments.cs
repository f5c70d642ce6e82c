using PSSocket.Core;
using PSSocket.Core.Integrity;

namespace PSSocket.Infrastructure;

/// <summary>What Get-Checksum and Test-Checksum share about -Trace.</summary>
internal static class ChecksumArguments
{
    public const int ProgressActivityId = 0x0C5C;

    public static void RequireTraceable(PSSocketCmdlet cmdlet, bool trace, ChecksumAlgorithm algorithm)
    {
        if (trace && algorithm != ChecksumAlgorithm.Internet)
        {
            cmdlet.ThrowTerminatingError(Errors.From(new PSSocketException("TraceNeedsInternetChecksum", FaultCategory.InvalidArgument, algorithm,
                "-Trace shows the 16-bit additions of the Internet checksum; use it with -Algorithm Internet.")));
        }
    }

    public static void WriteTrace(PSSocketCmdlet cmdlet, bool trace, byte[] data)
    {
        if (trace)
        {
            foreach (var step in ChecksumTrace.Steps(data))
            {
                cmdlet.WriteObject(step);
            }
        }
    }
}
