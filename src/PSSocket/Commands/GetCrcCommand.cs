using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Files;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">Computes CRCs of bytes, text or files under catalogue or custom models, or divides bit strings.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "Crc", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(CrcResult), ParameterSetName = [InputObjectSet, PathSet, LiteralPathSet])]
[OutputType(typeof(CrcDivisionResult), typeof(CrcDivisionStep), ParameterSetName = [BitsSet])]
public sealed class GetCrcCommand : DataInputCmdlet, ICrcModelParameters
{
    private const string BitsSet = "Bits";
    private const int ProgressActivityId = 0x0C2C;

    private List<CrcModel> _models = [];

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

    IReadOnlyList<string>? ICrcModelParameters.ModelNames => Model;

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
            _models = CrcArguments.Resolve(this, WriteFault);
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }

        base.BeginProcessing();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == BitsSet)
        {
            Divide();
        }
        else
        {
            base.ProcessRecord();
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

    protected override void ProcessData(byte[] data)
    {
        foreach (var model in _models)
        {
            WriteObject(new CrcResult(model, CrcState.Compute(model, data), data.Length, InputObjectSet));
        }
    }

    protected override void ProcessFile(string path)
    {
        if (_models.Count == 0)
        {
            return;
        }

        var states = _models.Select(m => new CrcState(m)).ToList();
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
}
