using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Integrity;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">Lists the CRC models of the RevEng catalogue, by name, alias or wildcard.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CrcModel")]
[OutputType(typeof(CrcModel))]
public sealed class GetCrcModelCommand : PSSocketCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CrcModelCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateRange(1, 128)]
    public int[]? Width { get; set; }

    protected override void ProcessRecord()
    {
        var models = CrcCatalogue.Models.Where(m => Width is null || Width.Contains(m.Width));
        if (Name is null)
        {
            WriteObject(models, enumerateCollection: true);
            return;
        }

        var chosen = new List<CrcModel>();
        foreach (string name in Name)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                chosen.AddRange(models.Where(m => pattern.IsMatch(m.Name) || m.Aliases.Any(pattern.IsMatch)));
            }
            else if (CrcCatalogue.TryFind(name, out var model))
            {
                if (Width is null || Width.Contains(model.Width))
                {
                    chosen.Add(model);
                }
            }
            else
            {
                WriteFault(new PSSocketException("UnknownCrcModel", FaultCategory.ObjectNotFound, name,
                    $"'{name}' is not a CRC model of the catalogue or one of its aliases."));
            }
        }

        WriteObject(chosen.Distinct(), enumerateCollection: true);
    }
}
