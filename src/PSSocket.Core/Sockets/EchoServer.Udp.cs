using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

// The UDP side: one receive loop per bound socket, echoing or dropping each datagram.
public sealed partial class EchoServer
{
    private async Task UdpLoopAsync(Socket socket)
    {
        await Task.Yield();
        CancellationToken stop = _stopping.Token;
        byte[] buffer = new byte[UdpEndpoint.MaxDatagramBytes];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            // Assigned on every path that goes on; the default keeps the catch clauses that leave the turn
            // out of the definite-assignment check (see UdpEndpoint.Drain).
            SocketReceiveFromResult result = default;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP unreachable for an earlier reply (Windows reports it here); the next datagram is unaffected.
                _lastError = e.Message;
                continue;
            }

            Interlocked.Increment(ref _datagramsReceived);
            Interlocked.Add(ref _bytesReceived, result.ReceivedBytes);
            if (_options.DropRate > 0 && Draw() < _options.DropRate)
            {
                Interlocked.Increment(ref _datagramsDropped);
                continue;
            }

            if (_options.Transform == EchoTransform.Upper)
            {
                ToUpper(buffer.AsSpan(0, result.ReceivedBytes));
            }

            // Counted before the reply goes out: the peer may hold the echo (and read the counters)
            // before this send's continuation runs. A reply that cannot go out is taken back.
            Interlocked.Increment(ref _datagramsEchoed);
            Interlocked.Add(ref _bytesSent, result.ReceivedBytes);
            try
            {
                await socket.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), SocketFlags.None, result.RemoteEndPoint, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                Uncount(result.ReceivedBytes);
                return;
            }
            catch (SocketException e)
            {
                // The reply could not go out (counted as neither echoed nor dropped, and said here).
                Uncount(result.ReceivedBytes);
                _lastError = e.Message;
            }
        }
    }

    private void Uncount(int bytes)
    {
        Interlocked.Decrement(ref _datagramsEchoed);
        Interlocked.Add(ref _bytesSent, -bytes);
    }

    /// <summary>One drop decision; the loops of both loopbacks share the (not thread-safe) generator.</summary>
    private double Draw()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }
}
