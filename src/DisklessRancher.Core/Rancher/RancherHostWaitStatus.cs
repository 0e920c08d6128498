using System;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>One look at a host being waited for: what it was, and how long the wait has run.</summary>
    public sealed class RancherHostWaitStatus
    {
        public RancherHostWaitStatus(string hostname, RancherHost? host, TimeSpan elapsed, TimeSpan timeout)
        {
            Hostname = hostname;
            Host = host;
            Elapsed = elapsed;
            Timeout = timeout;
        }

        public string Hostname { get; }

        /// <summary>The host as last seen, or null while no host of that name exists.</summary>
        public RancherHost? Host { get; }

        public TimeSpan Elapsed { get; }

        public TimeSpan Timeout { get; }

        /// <summary>A short description of the state seen ("not registered" while absent).</summary>
        public string StateText => Host == null ? "not registered" : Host.DisplayState ?? "unknown";
    }
}
