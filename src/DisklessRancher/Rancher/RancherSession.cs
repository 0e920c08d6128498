using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using DisklessRancher.Core.Rancher;

namespace DisklessRancher.Rancher
{
    /// <summary>What Connect-RancherServer keeps for the rest of a runspace's session.</summary>
    internal sealed class RancherSession
    {
        private static readonly ConditionalWeakTable<Runspace, RancherSession> Sessions = new ConditionalWeakTable<Runspace, RancherSession>();

        public RancherSession(string url, PSCredential? credential, string? environmentId, bool skipCertificateCheck,
            bool allowUnencryptedAuthentication, int? timeoutSec, int? maximumRetryCount, int? retryIntervalSec)
        {
            Url = url;
            Credential = credential;
            EnvironmentId = environmentId;
            SkipCertificateCheck = skipCertificateCheck;
            AllowUnencryptedAuthentication = allowUnencryptedAuthentication;
            TimeoutSec = timeoutSec;
            MaximumRetryCount = maximumRetryCount;
            RetryIntervalSec = retryIntervalSec;
        }

        public string Url { get; }
        public PSCredential? Credential { get; }
        public string? EnvironmentId { get; }
        public bool SkipCertificateCheck { get; }
        public bool AllowUnencryptedAuthentication { get; }
        public int? TimeoutSec { get; }
        public int? MaximumRetryCount { get; }
        public int? RetryIntervalSec { get; }

        /// <summary>The access key and secret key a credential carries (none for a null or empty credential).</summary>
        public static (string? AccessKey, string? SecretKey) KeysOf(PSCredential? credential) =>
            credential == null || credential == PSCredential.Empty ? (null, null) : (credential.UserName, credential.GetNetworkCredential().Password);

        /// <summary>Settings for a quick look-up on the kept connection (tab completion): its own timeout, no retries.</summary>
        public RancherConnectionSettings QuickLookupSettings(TimeSpan timeout)
        {
            (string? accessKey, string? secretKey) = KeysOf(Credential);
            return new RancherConnectionSettings(new Uri(Url), accessKey, secretKey)
            {
                SkipCertificateCheck = SkipCertificateCheck,
                AllowUnencryptedAuthentication = AllowUnencryptedAuthentication,
                Timeout = timeout,
                MaximumRetryCount = 0,
            };
        }

        /// <summary>The session of the runspace running on this thread, if connected.</summary>
        public static RancherSession? Current
        {
            get
            {
                Runspace? runspace = Runspace.DefaultRunspace;
                return runspace != null && Sessions.TryGetValue(runspace, out RancherSession? session) ? session : null;
            }
        }

        public static void Set(RancherSession? session)
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            if (runspace == null) return;
            Sessions.Remove(runspace);
            if (session != null) Sessions.Add(runspace, session);
        }
    }
}
