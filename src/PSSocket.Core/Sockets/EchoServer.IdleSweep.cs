using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

// The idle sweep: one timer that closes TCP connections silent for longer than the idle timeout.
public sealed partial class EchoServer
{
    /// <summary>Closes TCP connections silent for longer than the idle timeout; one timer for all of them.</summary>
    private async Task SweepIdleAsync()
    {
        CancellationToken stop = _stopping.Token;
        var period = TimeSpan.FromTicks(Math.Clamp(_options.IdleTimeout.Ticks / 2, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                foreach (Served served in _served.Values)
                {
                    if (now - served.LastActivity > (long)_options.IdleTimeout.TotalMilliseconds)
                    {
                        served.Close();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    /// <summary>A connection being served: its socket and when it last moved data.</summary>
    private sealed class Served(Socket socket)
    {
        private long _lastActivity = Environment.TickCount64;
        private volatile bool _closed;

        public Socket Socket { get; } = socket;

        public long LastActivity => Interlocked.Read(ref _lastActivity);

        public bool Closed => _closed;

        public void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

        /// <summary>
        /// Shuts both directions down: the pending receive returns end of stream and the peer gets an
        /// orderly FIN. Disposing instead, with an operation pending, would reset the connection.
        /// </summary>
        public void Close()
        {
            _closed = true;
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // already gone
            }
        }
    }
}
