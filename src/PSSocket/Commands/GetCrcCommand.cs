using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Host;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">Computes CRCs of bytes, text or files under catalogue or custom models, or divides bit strings.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "Crc", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(CrcResult), ParameterSetName = [InputObjectSet, PathSet, LiteralPathSet])]
[OutputType(typeof(CrcBitDivision), typeof(CrcDivisionStep), ParameterSetName = [BitsSet])]
public sealed class GetCrcCommand : CancellableCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string BitsSet = "Bits";
    private const int ProgressActivityId = 0x0C2C;

    private List<CrcModel> _models = [];
    private PipelineBytes? _bytes;

    /// <summary>Bytes (byte[], numbers 0-255) or text; a FileInfo, or any object with a PSPath, is read as a file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowEmptyString]
    public object InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Position = 1, ParameterSetName = InputObjectSet)]
    [Parameter(Position = 1, ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ArgumentCompleter(typeof(CrcModelCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Model { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public int Width { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public object? Polynomial { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public object? Init { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter ReflectIn { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter ReflectOut { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public object? XorOut { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    [Parameter(Mandatory = true, ParameterSetName = BitsSet)]
    public string Bits { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = BitsSet)]
    public string Divisor { get; set; } = string.Empty;

    [Parameter(ParameterSetName = BitsSet)]
    public SwitchParameter Trace { get; set; }

    protected override void BeginProcessing()
    {
        if (ParameterSetName == BitsSet)
        {
            return;
        }

        try
        {
            _models = CrcArguments.Resolve(this, Model, WriteFault);
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }

        var encoding = TextEncodings.Get(Encoding);
        _bytes = new PipelineBytes(encoding.GetBytes);
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case BitsSet:
                Divide();
                break;
            case PathSet:
                foreach (string path in Path)
                {
                    foreach (string resolved in Resolve(path, literal: false))
                    {
                        ComputeFile(resolved);
                    }
                }

                break;
            case LiteralPathSet:
                foreach (string path in LiteralPath)
                {
                    foreach (string resolved in Resolve(path, literal: true))
                    {
                        ComputeFile(resolved);
                    }
                }

                break;
            default:
                // Objects bind here (by value) before -LiteralPath could take their PSPath, so
                // file system items and objects carrying a PSPath are read as files; directories
                // have no CRC and are passed over.
                object item = InputObject is PSObject ps ? ps.BaseObject : InputObject;
                if (item is DirectoryInfo directory)
                {
                    WriteVerbose($"Skipping the directory {directory.FullName}.");
                    break;
                }

                if (item is FileInfo file)
                {
                    ComputeFile(file.FullName);
                    break;
                }

                if (item is not (string or byte[] or System.Collections.IEnumerable or IConvertible)
                    && PSObject.AsPSObject(InputObject).Properties["PSPath"]?.Value is string psPath)
                {
                    foreach (string resolved in Resolve(psPath, literal: true))
                    {
                        ComputeFile(resolved);
                    }

                    break;
                }

                try
                {
                    if (_bytes!.Add(InputObject) is { } bytes)
                    {
                        Compute(bytes);
                    }
                }
                catch (PSSocketException fault)
                {
                    WriteFault(fault);
                }

                break;
        }
    }

    protected override void EndProcessing()
    {
        if (_bytes is { HasLoose: true })
        {
            Compute(_bytes.TakeLoose());
        }
    }

    private void Divide()
    {
        try
        {
            var division = CrcLongDivision.Divide(Bits, Divisor);
            if (Trace)
            {
                foreach (var step in division.Steps)
                {
                    WriteObject(step);
                }
            }

            WriteObject(division);
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }

    private void Compute(byte[] bytes)
    {
        foreach (var model in _models)
        {
            WriteObject(new CrcResult(model, CrcState.Compute(model, bytes), bytes.Length, InputObjectSet));
        }
    }

    private void ComputeFile(string path)
    {
        if (_models.Count == 0)
        {
            return;
        }

        var states = _models.Select(m => new CrcState(m)).ToList();
        try
        {
            var progress = new FileProgress(this, ProgressActivityId, "Get-Crc", path);
            long length = FileBlocks.Read(path, block =>
            {
                foreach (var state in states)
                {
                    state.Append(block);
                }
            }, progress.Report, StopToken);
            progress.Complete();

            foreach (var state in states)
            {
                WriteObject(new CrcResult(state.Model, state.Value, length, path));
            }
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }

    private List<string> Resolve(string path, bool literal)
    {
        try
        {
            if (literal)
            {
                return [GetUnresolvedProviderPathFromPSPath(path)];
            }

            var resolved = GetResolvedProviderPathFromPSPath(path, out var provider);
            if (provider.Name != "FileSystem")
            {
                WriteFault(new PSSocketException("NotAFileSystemPath", FaultCategory.InvalidArgument, path, $"'{path}' is not a file system path."));
                return [];
            }

            return [.. resolved];
        }
        catch (Exception ex) when (ex is ItemNotFoundException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException)
        {
            WriteFault(new PSSocketException("PathNotFound", FaultCategory.ObjectNotFound, path, ex.Message, ex));
        }

        return [];
    }
}
