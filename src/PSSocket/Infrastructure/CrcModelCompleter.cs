using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSSocket.Core.Integrity;

namespace PSSocket.Infrastructure;

/// <summary>Tab completion of CRC model names and aliases from the catalogue.</summary>
public sealed class CrcModelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        foreach (string name in CrcCatalogue.Names.Where(pattern.IsMatch))
        {
            var model = CrcCatalogue.Find(name);
            yield return new CompletionResult(name, name, CompletionResultType.ParameterValue,
                name == model.Name ? $"{name} (width {model.Width})" : $"{name} = {model.Name}");
        }
    }
}
