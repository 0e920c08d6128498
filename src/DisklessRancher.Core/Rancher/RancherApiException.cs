using System;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>
    /// A failure talking to a Rancher 1.6 server. The message never carries a secret: it is redacted when built.
    /// </summary>
    public sealed class RancherApiException : DisklessRancherException
    {
        public RancherApiException(RancherErrorKind kind, string message, int? statusCode = null, string? code = null,
            string? fieldName = null, Uri? requestUri = null, Exception? innerException = null)
            : base(IdOf(kind), KindOf(kind), SecretRedactor.Redact(message), innerException)
        {
            Kind = kind;
            StatusCode = statusCode;
            Code = code;
            FieldName = fieldName;
            RequestUri = requestUri;
        }

        public RancherErrorKind Kind { get; }

        /// <summary>The HTTP status, when the server answered.</summary>
        public int? StatusCode { get; }

        /// <summary>The API error's code, such as Unauthorized, MissingRequired or InvalidState.</summary>
        public string? Code { get; }

        /// <summary>The field a validation error (422) names.</summary>
        public string? FieldName { get; }

        /// <summary>The request that failed (API paths carry no secret).</summary>
        public Uri? RequestUri { get; }

        private static string IdOf(RancherErrorKind kind) => kind switch
        {
            RancherErrorKind.Authentication => "RancherAuthenticationFailed",
            RancherErrorKind.Permission => "RancherPermissionDenied",
            RancherErrorKind.NotFound => "RancherNotFound",
            RancherErrorKind.Validation => "RancherInvalidArgument",
            RancherErrorKind.Tls => "RancherTlsFailure",
            RancherErrorKind.Timeout => "RancherTimeout",
            RancherErrorKind.Protocol => "RancherProtocolError",
            RancherErrorKind.Transport => "RancherConnectionFailed",
            RancherErrorKind.Unavailable => "RancherUnavailable",
            RancherErrorKind.UnencryptedAuthentication => "RancherUnencryptedAuthentication",
            RancherErrorKind.AmbiguousEnvironment => "RancherEnvironmentAmbiguous",
            RancherErrorKind.Refused => "RancherRemovalRefused",
            RancherErrorKind.HostStuck => "RancherHostStuck",
            _ => "RancherServerError",
        };

        private static ErrorKind KindOf(RancherErrorKind kind) => kind switch
        {
            RancherErrorKind.Authentication => ErrorKind.AuthenticationError,
            RancherErrorKind.Permission => ErrorKind.PermissionDenied,
            RancherErrorKind.NotFound => ErrorKind.ObjectNotFound,
            RancherErrorKind.Validation => ErrorKind.InvalidArgument,
            RancherErrorKind.Tls => ErrorKind.SecurityError,
            RancherErrorKind.Timeout => ErrorKind.OperationTimeout,
            RancherErrorKind.Protocol => ErrorKind.ProtocolError,
            RancherErrorKind.Transport => ErrorKind.ConnectionError,
            RancherErrorKind.Unavailable => ErrorKind.ResourceUnavailable,
            RancherErrorKind.UnencryptedAuthentication => ErrorKind.SecurityError,
            RancherErrorKind.AmbiguousEnvironment => ErrorKind.InvalidArgument,
            RancherErrorKind.Refused => ErrorKind.InvalidOperation,
            RancherErrorKind.HostStuck => ErrorKind.InvalidOperation,
            _ => ErrorKind.InvalidResult,
        };
    }
}
