namespace PSSocket.Core.Tests.Capture;

/// <summary>Capture tests count packets and kernel counters: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveCapture
{
    public const string Name = "Live capture";
}
