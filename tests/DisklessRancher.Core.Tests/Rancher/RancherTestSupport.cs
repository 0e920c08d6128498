using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CattleTestServer;
using DisklessRancher.Core.Rancher;

namespace DisklessRancher.Core.Tests.Rancher;

/// <summary>Collects what the client logs, to search it for secrets.</summary>
internal sealed class RecordingLog : IRancherClientLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Verbose(string message) => Lines.Enqueue("VERBOSE " + message);

    public void Debug(string message) => Lines.Enqueue("DEBUG " + message);
}

internal static class RancherTestSupport
{
    public static RancherConnectionSettings Settings(string url, string? accessKey = CattleServer.AccountAccessKey,
        string? secretKey = CattleServer.AccountSecretKey) =>
        new(new Uri(url), accessKey, secretKey)
        {
            AllowUnencryptedAuthentication = true,
            Timeout = TimeSpan.FromSeconds(5),
            MaximumRetryCount = 2,
            RetryInterval = TimeSpan.FromMilliseconds(50),
            PollInterval = TimeSpan.FromMilliseconds(20),
            TransitionTimeout = TimeSpan.FromSeconds(5),
        };

    public static RancherClient Client(CattleServer server, RecordingLog? log = null,
        string accessKey = CattleServer.AccountAccessKey, string secretKey = CattleServer.AccountSecretKey,
        Action<RancherConnectionSettings>? configure = null)
    {
        RancherConnectionSettings settings = Settings(server.Url, accessKey, secretKey);
        configure?.Invoke(settings);
        return new RancherClient(settings, log);
    }

    /// <summary>A loopback port nobody listens on: connecting to it is refused.</summary>
    public static int ClosedPort()
    {
        TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
