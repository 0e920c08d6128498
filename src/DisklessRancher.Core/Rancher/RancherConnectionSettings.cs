using System;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>Where a Rancher 1.6 server is, how to authenticate, and how patiently to talk to it.</summary>
    public sealed class RancherConnectionSettings
    {
        /// <param name="serverUrl">The server base, such as http://rancher:8080 (a trailing /v1 or /v2-beta is dropped).</param>
        /// <param name="accessKey">The API access key (Basic user name); null for a server without access control.</param>
        /// <param name="secretKey">The API secret key (Basic password).</param>
        public RancherConnectionSettings(Uri serverUrl, string? accessKey, string? secretKey)
        {
            if (serverUrl == null) throw new ArgumentNullException(nameof(serverUrl));
            if (!serverUrl.IsAbsoluteUri || (serverUrl.Scheme != Uri.UriSchemeHttp && serverUrl.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The Rancher server URL must be an absolute http:// or https:// URL, not '{SecretRedactor.Redact(serverUrl.OriginalString)}'.", nameof(serverUrl));
            }
            ServerUrl = Normalize(serverUrl);
            AccessKey = string.IsNullOrEmpty(accessKey) ? null : accessKey;
            SecretKey = string.IsNullOrEmpty(secretKey) ? null : secretKey;
        }

        /// <summary>The server base URL, without an API version and without a trailing slash.</summary>
        public Uri ServerUrl { get; }

        public string? AccessKey { get; }

        internal string? SecretKey { get; }

        public bool HasCredentials => AccessKey != null;

        /// <summary>Accept any server certificate (for this client only, never process-wide).</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>Send credentials over plain http. Refused otherwise.</summary>
        public bool AllowUnencryptedAuthentication { get; set; }

        /// <summary>How long one request may take.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How many times a transient fault (connection refused, 502/503/504, 429) is retried.</summary>
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The pause before a retry, unless the server sends Retry-After.</summary>
        public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How often a changing state (token activation, host deactivation, host waited for) is read again.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How long a registration token may take to become active, or a host to become inactive.</summary>
        public TimeSpan TransitionTimeout { get; set; } = TimeSpan.FromMinutes(2);

        public override string ToString()
        {
            string url = ServerUrl.AbsoluteUri.TrimEnd('/');
            return HasCredentials ? $"{url} (access key {AccessKey})" : url;
        }

        private static Uri Normalize(Uri url)
        {
            string path = url.AbsolutePath.TrimEnd('/');
            foreach (string version in new[] { "/v2-beta", "/v1" })
            {
                if (path.EndsWith(version, StringComparison.OrdinalIgnoreCase)) path = path.Substring(0, path.Length - version.Length);
            }
            return new Uri(url.Scheme + "://" + url.Authority + path);
        }
    }
}
