using System.Collections.ObjectModel;

namespace PSSocket.Core.Host;

/// <summary>
/// A list of names or addresses that still reads as one cell: Export-Csv and string conversion
/// give "a b c" instead of System.String[], while -contains and indexing work as on an array.
/// </summary>
public sealed class TextList : ReadOnlyCollection<string>
{
    internal TextList(IEnumerable<string> items)
        : base([.. items])
    {
    }

    public override string ToString() => string.Join(' ', this);
}
