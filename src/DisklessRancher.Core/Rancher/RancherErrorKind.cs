namespace DisklessRancher.Core.Rancher
{
    /// <summary>What went wrong talking to a Rancher server, coarse enough to choose a reaction by.</summary>
    public enum RancherErrorKind
    {
        /// <summary>HTTP 401: the access key or secret key was refused.</summary>
        Authentication,
        /// <summary>HTTP 403: the key may not do this.</summary>
        Permission,
        /// <summary>HTTP 404, or an environment or host that does not exist.</summary>
        NotFound,
        /// <summary>HTTP 400/409/422: the server rejected a value (see FieldName).</summary>
        Validation,
        /// <summary>The TLS handshake failed, usually an untrusted certificate.</summary>
        Tls,
        /// <summary>A request or a wait took longer than allowed.</summary>
        Timeout,
        /// <summary>The answer is not the API's JSON.</summary>
        Protocol,
        /// <summary>The server could not be reached (connection refused, name not resolved, reset).</summary>
        Transport,
        /// <summary>The server stayed unavailable (502/503/504/429) after every retry.</summary>
        Unavailable,
        /// <summary>Any other server-side failure (HTTP 5xx).</summary>
        Server,
        /// <summary>Credentials would travel over plain http without the caller allowing it.</summary>
        UnencryptedAuthentication,
        /// <summary>No environment was named and the key sees several (or none).</summary>
        AmbiguousEnvironment,
        /// <summary>HTTP 405 to a DELETE: the server will not remove the resource in its state.</summary>
        Refused,
        /// <summary>A host cannot finish deactivating (its agent is gone, or it stayed deactivating); deleting it needs force.</summary>
        HostStuck,
    }
}
