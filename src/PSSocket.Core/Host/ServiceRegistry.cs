using System.Globalization;
using System.Reflection;

namespace PSSocket.Core.Host;

/// <summary>
/// The one port ↔ service-name registry of the module: Debian's netbase services list and the
/// course's table (both embedded data), overlaid by the machine's own services file when there is
/// one, so -Explain, Test-TcpPort, Get-SocketConnection and Get-ServicePort name a port alike.
/// </summary>
internal sealed class ServiceRegistry
{
    public const string BuiltInSource = "PSSocket";

    private static readonly ServiceRegistry EmptyRegistry = new([]);
    private static readonly Lazy<ServiceRegistry> MachineRegistry = new(() => BuiltIn().Overlay(MachineFile()));
    private static readonly Lazy<ServiceRegistry> BuiltInRegistry = new(() =>
        EmptyRegistry.Overlay(Layer(ReadResource("PSSocket.Core.services.txt"), BuiltInSource))
             .Overlay(Layer(ReadResource("PSSocket.Core.course-services.txt"), BuiltInSource)));

    private readonly Dictionary<(int Port, string Protocol), ServicePort> _byPort;
    private readonly Dictionary<string, List<ServicePort>> _byName;

    private ServiceRegistry(Dictionary<(int, string), ServicePort> byPort)
    {
        _byPort = byPort;
        _byName = new Dictionary<string, List<ServicePort>>(StringComparer.OrdinalIgnoreCase);
        foreach (ServicePort service in All)
        {
            foreach (string name in service.Aliases.Prepend(service.Name))
            {
                if (!_byName.TryGetValue(name, out List<ServicePort>? list))
                {
                    _byName[name] = list = [];
                }

                list.Add(service);
            }
        }
    }

    /// <summary>The built-in registry overlaid by the machine's services file (read once per session).</summary>
    public static ServiceRegistry System => MachineRegistry.Value;

    /// <summary>The built-in registry alone, the same on every machine.</summary>
    public static ServiceRegistry BuiltIn() => BuiltInRegistry.Value;

    /// <summary>Every service, by port then protocol.</summary>
    public IEnumerable<ServicePort> All => _byPort.Values.OrderBy(s => s.Port).ThenBy(s => s.Protocol, StringComparer.Ordinal);

    /// <summary>The services on a port (one per protocol), or only the one of <paramref name="protocol"/>.</summary>
    public IEnumerable<ServicePort> ByPort(int port, string? protocol = null) =>
        All.Where(s => s.Port == port && (protocol is null || s.Protocol.Equals(protocol, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Services whose name or an alias is <paramref name="name"/> (any case), by port.</summary>
    public IEnumerable<ServicePort> ByName(string name, string? protocol = null) =>
        (_byName.GetValueOrDefault(name) ?? [])
            .Where(s => protocol is null || s.Protocol.Equals(protocol, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.Port).ThenBy(s => s.Protocol, StringComparer.Ordinal);

    /// <summary>Every name and alias, for tab completion.</summary>
    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>getservbyport: the name of <paramref name="port"/> for <paramref name="protocol"/>, or null.</summary>
    public string? NameOf(int port, string protocol = "tcp") =>
        _byPort.TryGetValue((port, protocol.ToLowerInvariant()), out ServicePort? s) ? s.Name : null;

    /// <summary>A port's meaning in an -Explain row: its service and description, else its IANA range.</summary>
    public string Meaning(int port, string protocol)
    {
        if (_byPort.TryGetValue((port, protocol), out ServicePort? s))
        {
            return s.Description is null ? s.Name : $"{s.Name} ({s.Description})";
        }

        string number = port.ToString(CultureInfo.InvariantCulture);
        return port switch
        {
            < 1024 => "well-known port " + number,
            < 49152 => "registered port " + number,
            _ => "ephemeral port " + number,
        };
    }

    /// <summary>A registry of <paramref name="lines"/> (services-file format) alone.</summary>
    public static ServiceRegistry Parse(IEnumerable<string> lines, string source = BuiltInSource) => EmptyRegistry.Overlay(Layer(lines, source));

    /// <summary>
    /// This registry with <paramref name="layer"/> laid over it: for a port and protocol the layer
    /// lists, its name wins, earlier names stay as aliases, and its description wins when it has one.
    /// </summary>
    public ServiceRegistry Overlay(IEnumerable<ServicePort> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var merged = new Dictionary<(int, string), ServicePort>(_byPort);
        foreach (ServicePort top in layer)
        {
            if (merged.TryGetValue((top.Port, top.Protocol), out ServicePort? under))
            {
                string[] aliases = [.. top.Aliases.Concat(under.Aliases.Prepend(under.Name))
                    .Where(a => !a.Equals(top.Name, StringComparison.OrdinalIgnoreCase))
                    .Distinct(StringComparer.OrdinalIgnoreCase)];
                merged[(top.Port, top.Protocol)] = new ServicePort(top.Name, top.Port, top.Protocol, aliases,
                    top.Description ?? under.Description, top.Source);
            }
            else
            {
                merged[(top.Port, top.Protocol)] = top;
            }
        }

        return new ServiceRegistry(merged);
    }

    /// <summary>
    /// Lines like "http  80/tcp  www  # WorldWideWeb HTTP". Within one file the first line for a
    /// port and protocol wins, as getservbyport reads it; malformed lines are skipped as libc does.
    /// </summary>
    public static IEnumerable<ServicePort> Layer(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var seen = new HashSet<(int, string)>();
        foreach (string raw in lines)
        {
            string[] parts = raw.Split('#', 2);
            string[] fields = parts[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            string[] portAndProtocol = fields[1].Split('/');
            if (portAndProtocol.Length != 2 || portAndProtocol[1].Length == 0
                || !int.TryParse(portAndProtocol[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            {
                continue;
            }

            string protocol = portAndProtocol[1].ToLowerInvariant();
            if (!seen.Add((port, protocol)))
            {
                continue;
            }

            string? description = parts.Length > 1 && parts[1].Trim() is { Length: > 0 } d ? d : null;
            yield return new ServicePort(fields[0], port, protocol, fields[2..], description, source);
        }
    }

    /// <summary>The machine's services file as a layer; none when the machine has no such file.</summary>
    private static IEnumerable<ServicePort> MachineFile()
    {
        string path = OperatingSystem.IsWindows()
            ? Path.Combine(Environment.SystemDirectory, "drivers", "etc", "services")
            : "/etc/services";
        try
        {
            return File.Exists(path) ? [.. Layer(File.ReadLines(path), path)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable services file leaves the built-in names; the registry must never stop a cmdlet.
            return [];
        }
    }

    private static List<string> ReadResource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
