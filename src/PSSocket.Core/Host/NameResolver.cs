using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Sockets;

namespace PSSocket.Core.Host;

/// <summary>Forward and reverse lookups through the system resolver (hosts file, DNS, whatever NSS is set up to ask).</summary>
internal static class NameResolver
{
    /// <summary>A name gives its canonical name, aliases and addresses; an address gives its reverse name.</summary>
    /// <exception cref="PSSocketException">HostNotFound, TryAgain, NoData... (the resolver's reason; target: the query).</exception>
    public static async Task<HostEntry> ResolveAsync(string query, AddressFamily family, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new PSSocketException(nameof(SocketError.HostNotFound), FaultCategory.ObjectNotFound, query, "The name is empty.");
        }

        IPHostEntry entry;
        try
        {
            entry = IPAddress.TryParse(query.Trim('[', ']'), out IPAddress? address)
                ? await Dns.GetHostEntryAsync(address).WaitAsync(cancellationToken).ConfigureAwait(false)
                : await Dns.GetHostEntryAsync(query, family, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw SocketFaults.From(e, query, "Resolving");
        }
        catch (ArgumentException e)
        {
            throw new PSSocketException(nameof(SocketError.HostNotFound), FaultCategory.ObjectNotFound, query, $"'{query}' is not a valid host name: {e.Message}", e);
        }

        IPAddress[] addresses = family == AddressFamily.Unspecified ? entry.AddressList : Array.FindAll(entry.AddressList, a => a.AddressFamily == family);
        if (addresses.Length == 0 && !IPAddress.TryParse(query.Trim('[', ']'), out _))
        {
            string which = family == AddressFamily.InterNetworkV6 ? "IPv6 address" : family == AddressFamily.InterNetwork ? "IPv4 address" : "address";
            throw new PSSocketException(nameof(SocketError.HostNotFound), FaultCategory.ObjectNotFound, query, $"'{query}' has no {which}.");
        }

        return new HostEntry(query, entry.HostName, null, entry.Aliases, [.. addresses.Select(a => a.ToString())]);
    }

    /// <summary>gethostname, and the canonical name the resolver gives for it (what `hostname -f` prints).</summary>
    public static async Task<HostEntry> LocalAsync(AddressFamily family, CancellationToken cancellationToken)
    {
        string name = Dns.GetHostName();
        try
        {
            IPHostEntry entry = await Dns.GetHostEntryAsync(name, family, cancellationToken).ConfigureAwait(false);
            return new HostEntry(name, name, entry.HostName, entry.Aliases, [.. entry.AddressList.Select(a => a.ToString())]);
        }
        catch (SocketException)
        {
            // A host whose own name does not resolve still has a name; it has no FQDN or addresses to show.
            return new HostEntry(name, name, null, [], []);
        }
    }
}
