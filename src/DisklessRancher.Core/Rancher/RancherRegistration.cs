namespace DisklessRancher.Core.Rancher
{
    /// <summary>
    /// What a host needs to join an environment: the registration URL (a secret: it carries a signature) and the
    /// agent image. ToString shows the URL redacted.
    /// </summary>
    public sealed class RancherRegistration
    {
        public RancherRegistration(string serverUrl, string environmentId, string? environmentName, string registrationUrl,
            string? command, string? image, string tokenId)
        {
            ServerUrl = serverUrl;
            EnvironmentId = environmentId;
            EnvironmentName = environmentName;
            RegistrationUrl = registrationUrl;
            Command = command;
            Image = image;
            TokenId = tokenId;
        }

        public string ServerUrl { get; }

        public string EnvironmentId { get; }

        public string? EnvironmentName { get; }

        /// <summary>http(s)://server/v1/scripts/&lt;accessKey&gt;:&lt;timestamp&gt;:&lt;signature&gt; — keep it secret.</summary>
        public string RegistrationUrl { get; }

        /// <summary>The docker run command the web UI shows (it contains the registration URL).</summary>
        public string? Command { get; }

        /// <summary>The agent image, such as rancher/agent:v1.2.11.</summary>
        public string? Image { get; }

        /// <summary>The id of the registration token, such as 1c3.</summary>
        public string TokenId { get; }

        /// <summary>The registration URL with its signed segment masked.</summary>
        public string RedactedRegistrationUrl => SecretRedactor.RedactRegistrationUrl(RegistrationUrl);

        public override string ToString() => RedactedRegistrationUrl;
    }
}
