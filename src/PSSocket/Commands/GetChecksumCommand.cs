using System.Management.Automation;
using PSSocket.Core.Integrity;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Computes the Internet checksum (RFC 1071), Fletcher-16/32 or Adler-32 of bytes, text or files.</summary>
[Cmdlet(VerbsCommon.Get, "Checksum", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(ChecksumResult), ParameterSetName = [InputObjectSet, PathSet, LiteralPathSet])]
[OutputType(typeof(ChecksumTraceStep), ParameterSetName = [InputObjectSet])]
public sealed class GetChecksumCommand : ChecksumCmdlet
{
    protected override void ProcessFile(string path) => WriteObject(ComputeFile(path));

    protected override void ProcessData(byte[] data) => WriteObject(ComputeData(data));
}
