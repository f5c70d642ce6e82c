namespace PSSocket.Core.Analysis;

/// <summary>Which side of a conversation sent a message.</summary>
public enum ConversationDirection
{
    /// <summary>From the side that opened the connection (sent the SYN, or the first datagram).</summary>
    ClientToServer,

    ServerToClient,
}
