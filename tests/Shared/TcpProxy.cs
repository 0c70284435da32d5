using System.Net;
using System.Net.Sockets;

namespace Bookline.Tests.Shared;

/// <summary>
/// A loopback TCP proxy between a client and a server, for network faults in the manner of
/// Toxiproxy: cut every connection at once, refuse new ones for a while, or cut when the client
/// first opens an AMQP channel (the moment a RabbitMQ client sets up a consumer or a publisher).
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private static readonly byte[] AmqpHeader = "AMQP"u8.ToArray();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly List<(TcpClient Client, TcpClient Server)> _links = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _refusing;
    private volatile bool _cutOnFirstChannel;
    private int _connections;

    public TcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Completes (once) when <see cref="CutOnFirstChannel"/> has cut.</summary>
    public TaskCompletionSource ChannelCut { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The proxy for an amqp:// or other URI: the same address with the proxy's port.</summary>
    public static TcpProxy For(Uri server) => new(new IPEndPoint(IPAddress.Loopback, server.Port));

    /// <summary>The server's address with the proxy's port in place of the server's.</summary>
    public Uri Through(Uri server) => new UriBuilder(server) { Port = Port }.Uri;

    /// <summary>Closes every open connection at once, as a network cut does (both ends see it drop).</summary>
    public void Cut()
    {
        lock (_links)
        {
            foreach (var (client, server) in _links)
            {
                client.Close();
                server.Close();
            }

            _links.Clear();
        }
    }

    /// <summary>While true, new connections are closed as soon as they arrive.</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>
    /// Arms a one-time fault: when a client first sends an AMQP frame on a channel other than 0 (it is
    /// opening a channel, after its connection is set up), everything is cut and new connections are
    /// refused until <see cref="Refusing"/> is set false again.
    /// </summary>
    public void CutOnFirstChannel() => _cutOnFirstChannel = true;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            if (_refusing)
            {
                client.Close();
                continue;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (SocketException)
            {
                client.Close();
                server.Dispose();
                continue;
            }

            lock (_links)
            {
                _links.Add((client, server));
            }

            _ = PumpAsync(client, server, watchAmqp: true);
            _ = PumpAsync(server, client, watchAmqp: false);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool watchAmqp)
    {
        var buffer = new byte[64 * 1024];
        var frames = watchAmqp ? new AmqpFrameWatch() : null;
        try
        {
            NetworkStream input = from.GetStream();
            NetworkStream output = to.GetStream();
            while (true)
            {
                int read = await input.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (frames is not null && _cutOnFirstChannel && frames.OpensAChannel(buffer.AsSpan(0, read)))
                {
                    _cutOnFirstChannel = false;
                    _refusing = true;
                    Cut(); // the frame is not passed on: the channel never opens
                    ChannelCut.TrySetResult();
                    return;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or SocketException)
        {
            // one side closed or was cut
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }

    /// <summary>Follows the client's AMQP 0-9-1 frames (type, channel, size, payload, end) across reads.</summary>
    private sealed class AmqpFrameWatch
    {
        private readonly List<byte> _pending = [];
        private bool _headerSeen;

        /// <summary>True when these bytes hold a frame on a channel other than 0.</summary>
        public bool OpensAChannel(ReadOnlySpan<byte> bytes)
        {
            _pending.AddRange(bytes);
            if (!_headerSeen)
            {
                if (_pending.Count < 8)
                {
                    return false;
                }

                if (!_pending.Take(4).SequenceEqual(AmqpHeader))
                {
                    _pending.Clear();
                    return false; // not AMQP: nothing to watch
                }

                _pending.RemoveRange(0, 8);
                _headerSeen = true;
            }

            while (_pending.Count >= 7)
            {
                int channel = (_pending[1] << 8) | _pending[2];
                int size = (_pending[3] << 24) | (_pending[4] << 16) | (_pending[5] << 8) | _pending[6];
                if (channel != 0)
                {
                    return true;
                }

                if (_pending.Count < 7 + size + 1)
                {
                    return false;
                }

                _pending.RemoveRange(0, 7 + size + 1);
            }

            return false;
        }
    }
}
