using System;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>
    /// A failure talking to a Rancher 1.6 server. The message never carries a secret: it is redacted when built.
    /// </summary>
    public sealed class RancherApiException : Exception
    {
        public RancherApiException(RancherErrorKind kind, string message, int? statusCode = null, string? code = null,
            string? fieldName = null, Uri? requestUri = null, Exception? innerException = null)
            : base(SecretRedactor.Redact(message), innerException)
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
    }
}
