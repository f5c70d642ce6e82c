using System.Xml.Linq;

namespace PSSocket.Tests;

/// <summary>The checked-in format files, module/*.format.ps1xml.</summary>
internal static class FormatFiles
{
    public static IEnumerable<string> Paths() => Directory.GetFiles(Repo.Of("module"), "*.format.ps1xml");

    public static IEnumerable<string> ViewedTypeNames() =>
        Paths().Select(XDocument.Load)
            .SelectMany(d => d.Descendants("ViewSelectedBy").Elements("TypeName"))
            .Select(e => e.Value.Trim())
            .Distinct(StringComparer.Ordinal);
}
