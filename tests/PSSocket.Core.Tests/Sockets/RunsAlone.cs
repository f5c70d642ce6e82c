namespace PSSocket.Core.Tests.Sockets;

/// <summary>Tests that need the process to themselves: descriptor counts, heavy load. xunit runs them one by one after the rest.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
