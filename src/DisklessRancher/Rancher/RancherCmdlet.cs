using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DisklessRancher.Core.Rancher;

namespace DisklessRancher.Rancher
{
    /// <summary>
    /// The connection parameters every Rancher cmdlet shares, resolved in this order: the parameter, the session kept by
    /// Connect-RancherServer, the environment variables RANCHER_URL / RANCHER_ACCESS_KEY / RANCHER_SECRET_KEY, defaults.
    /// </summary>
    public abstract class RancherCmdlet : CancellablePSCmdlet
    {
        internal const int DefaultTimeoutSec = 30;
        private PipelineDispatcher? _dispatcher;

        /// <summary>The Rancher server base URL, such as https://rancher.example.org:8080.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Url { get; set; }

        /// <summary>API access key as user name, secret key as password.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The environment's name or id.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RancherEnvironmentCompleter))]
        public string? Environment { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        public SwitchParameter AllowUnencryptedAuthentication { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; }

        [Parameter]
        [ValidateRange(0, 3600)]
        public int RetryIntervalSec { get; set; }

        /// <summary>Whether -TimeoutSec bounds each request (true) or means something else to this cmdlet.</summary>
        protected virtual bool TimeoutSecBoundsRequests => true;

        private PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher(WriteVerbose, WriteDebug);

        /// <summary>The session kept by Connect-RancherServer, unless this call names another server.</summary>
        private protected RancherSession? Session
        {
            get
            {
                RancherSession? session = RancherSession.Current;
                if (session == null) return null;
                return Url == null || string.Equals(Url.TrimEnd('/'), session.Url.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) ? session : null;
            }
        }

        private protected bool IsBound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        /// <summary>The environment the caller named (or the session's), null to let the server decide.</summary>
        private protected string? RequestedEnvironment => Environment ?? Session?.EnvironmentId;

        /// <summary>The connection settings after parameters, session and environment variables; terminating when incomplete.</summary>
        private protected RancherConnectionSettings ResolveSettings()
        {
            RancherSession? session = Session;
            string? url = Url ?? session?.Url ?? System.Environment.GetEnvironmentVariable("RANCHER_URL");
            if (string.IsNullOrEmpty(url))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException("No Rancher server given: use -Url, Connect-RancherServer, or the RANCHER_URL environment variable."),
                    ErrorIds.RancherConnectionMissing, ErrorCategory.InvalidArgument, null));
            }
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? serverUrl) || (serverUrl.Scheme != "http" && serverUrl.Scheme != "https"))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"'{SecretRedactor.Redact(url)}' is not an http:// or https:// URL."),
                    ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, SecretRedactor.Redact(url)));
            }

            (string? accessKey, string? secretKey) = RancherSession.KeysOf(Credential ?? session?.Credential);
            if (accessKey == null)
            {
                accessKey = System.Environment.GetEnvironmentVariable("RANCHER_ACCESS_KEY");
                secretKey = System.Environment.GetEnvironmentVariable("RANCHER_SECRET_KEY");
            }

            int timeout = TimeoutSecBoundsRequests && IsBound(nameof(TimeoutSec)) ? TimeoutSec : session?.TimeoutSec ?? DefaultTimeoutSec;
            RancherConnectionSettings settings = new RancherConnectionSettings(serverUrl!, accessKey, secretKey)
            {
                SkipCertificateCheck = IsBound(nameof(SkipCertificateCheck)) ? SkipCertificateCheck.IsPresent : session?.SkipCertificateCheck ?? false,
                AllowUnencryptedAuthentication = IsBound(nameof(AllowUnencryptedAuthentication))
                    ? AllowUnencryptedAuthentication.IsPresent : session?.AllowUnencryptedAuthentication ?? false,
                Timeout = TimeSpan.FromSeconds(timeout),
            };
            if (IsBound(nameof(MaximumRetryCount))) settings.MaximumRetryCount = MaximumRetryCount;
            else if (session?.MaximumRetryCount != null) settings.MaximumRetryCount = session.MaximumRetryCount.Value;
            if (IsBound(nameof(RetryIntervalSec))) settings.RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec);
            else if (session?.RetryIntervalSec != null) settings.RetryInterval = TimeSpan.FromSeconds(session.RetryIntervalSec.Value);
            return settings;
        }

        /// <summary>A client for the resolved settings; terminating when credentials would go over plain http.</summary>
        private protected RancherClient CreateClient(RancherConnectionSettings settings)
        {
            try
            {
                return new RancherClient(settings, Dispatcher);
            }
            catch (RancherApiException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, settings.ServerUrl));
                throw;
            }
        }

        /// <summary>Runs core work on the pipeline thread's behalf; Ctrl+C stops it.</summary>
        private protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            try
            {
                return Dispatcher.Run(() => work(CancellationToken));
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A progress sink that runs on the pipeline thread.</summary>
        private protected IProgress<T> Progress<T>(Action<T> report) => Dispatcher.Progress(report);

        /// <summary>Runs core work whose failure means nothing further can work: a terminating error.</summary>
        private protected T RunOrTerminate<T>(Func<CancellationToken, Task<T>> work, object? target)
        {
            try
            {
                return Run(work);
            }
            catch (RancherApiException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, target));
                throw;
            }
        }
    }
}
