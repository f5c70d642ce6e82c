namespace PSSocket.Core.Sockets;

/// <summary>What an echo server does to the bytes it sends back.</summary>
public enum EchoTransform
{
    None,

    /// <summary>ASCII letters a-z come back as A-Z; every other byte unchanged (byte-wise, so stream chunking cannot split it).</summary>
    Upper,
}
