using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>
    /// Sends requests to the Cattle API and turns answers into JSON objects or <see cref="RancherApiException"/>s:
    /// Basic authentication, per-request timeout, retries of transient faults, and redaction of every logged line.
    /// </summary>
    internal sealed class RancherHttpTransport : IDisposable
    {
        private readonly RancherConnectionSettings _settings;
        private readonly IRancherClientLog? _log;
        private readonly HttpClient _http;

        public RancherHttpTransport(RancherConnectionSettings settings, IRancherClientLog? log)
        {
            if (settings.HasCredentials && settings.ServerUrl.Scheme == Uri.UriSchemeHttp && !settings.AllowUnencryptedAuthentication)
            {
                throw new RancherApiException(RancherErrorKind.UnencryptedAuthentication,
                    $"Refusing to send the API keys over unencrypted http to {settings.ServerUrl}. Use an https:// URL, or allow unencrypted authentication explicitly.");
            }
            _settings = settings;
            _log = log;
            HttpClientHandler handler = new HttpClientHandler { AllowAutoRedirect = false };
            if (settings.SkipCertificateCheck)
            {
                handler.ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => true;
            }
            _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            if (settings.HasCredentials)
            {
                string pair = settings.AccessKey + ":" + settings.SecretKey;
                _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
            }
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        /// <summary>A URL on our server for an API path such as "v2-beta/projects".</summary>
        public Uri Api(string pathAndQuery) => new Uri(_settings.ServerUrl.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));

        /// <summary>
        /// A link the server gave, moved onto the server URL we were given: credentials never go to another host,
        /// even when the server builds links with an internal name.
        /// </summary>
        public Uri Rebase(string link)
        {
            if (!Uri.TryCreate(link, UriKind.Absolute, out Uri? uri)) return Api(link);
            return new Uri(_settings.ServerUrl.Scheme + "://" + _settings.ServerUrl.Authority + uri.PathAndQuery);
        }

        public string Redact(string? text) => SecretRedactor.Redact(text, _settings.SecretKey);

        /// <summary>Sends one request (retrying transient faults) and returns the answer's JSON object, or null for an empty answer.</summary>
        public async Task<JsonObject?> SendAsync(HttpMethod method, Uri uri, string? jsonBody, CancellationToken cancellationToken)
        {
            for (int attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool lastAttempt = attempt >= _settings.MaximumRetryCount;
                _log?.Verbose(Redact($"{method} {uri}" + (attempt > 0 ? $" (retry {attempt} of {_settings.MaximumRetryCount})" : string.Empty)));
                Stopwatch watch = Stopwatch.StartNew();
                HttpStatusCode status;
                string body;
                TimeSpan? retryAfter;
                string? mediaType;
                Uri? location;
                using (CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(_settings.Timeout);
                    try
                    {
                        using (HttpRequestMessage request = new HttpRequestMessage(method, uri))
                        {
                            if (jsonBody != null) request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
                            using (HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false))
                            {
                                status = response.StatusCode;
                                body = await ReadBodyAsync(method, uri, response.Content, timeout.Token).ConfigureAwait(false);
                                retryAfter = RetryAfter(response);
                                mediaType = response.Content.Headers.ContentType?.MediaType;
                                location = response.Headers.Location;
                            }
                        }
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new RancherApiException(RancherErrorKind.Timeout,
                            $"{method} {uri} got no answer within {_settings.Timeout.TotalSeconds:0.###} s.", requestUri: uri);
                    }
                    catch (Exception e) when (e is HttpRequestException || e is IOException)
                    {
                        RancherApiException failure = TransportFailure(method, uri, e);
                        if (failure.Kind != RancherErrorKind.Transport || !IsTransient(e) || lastAttempt) throw failure;
                        _log?.Debug(Redact($"{method} {uri} failed ({failure.Message}); retrying in {_settings.RetryInterval.TotalSeconds:0.###} s."));
                        await Task.Delay(_settings.RetryInterval, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
                _log?.Debug(Redact($"{method} {uri} -> {(int)status} {status} in {watch.ElapsedMilliseconds} ms, {body.Length} characters."));

                if (IsRetryable(status) && !lastAttempt)
                {
                    TimeSpan pause = retryAfter ?? _settings.RetryInterval;
                    _log?.Debug($"The server answered {(int)status}; retrying in {pause.TotalSeconds:0.###} s.");
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if ((int)status >= 200 && (int)status < 300)
                {
                    if (string.IsNullOrWhiteSpace(body)) return null;
                    return ParseObject(method, uri, body, mediaType);
                }
                throw ErrorFromAnswer(method, uri, status, body, attempt, location);
            }
        }

        /// <summary>
        /// The answer's text, read no further than <see cref="JsonReader.MaximumLength"/> bytes: an endless or huge
        /// answer is a protocol error, not an exhausted memory.
        /// </summary>
        private static async Task<string> ReadBodyAsync(HttpMethod method, Uri uri, HttpContent content, CancellationToken cancellationToken)
        {
            const int limit = JsonReader.MaximumLength;
            RancherApiException TooLarge() => new RancherApiException(RancherErrorKind.Protocol,
                $"{method} {uri} answered with more than {limit / (1024 * 1024)} MiB, far more than any answer of the Rancher API.", requestUri: uri);

            if (content.Headers.ContentLength > limit) throw TooLarge();
            using (Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (MemoryStream buffer = new MemoryStream())
            {
                byte[] chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit) throw TooLarge();
                    buffer.Write(chunk, 0, read);
                }
                buffer.Position = 0;
                using (StreamReader reader = new StreamReader(buffer, CharsetOf(content) ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
                {
                    return await reader.ReadToEndAsync().ConfigureAwait(false);
                }
            }
        }

        private static Encoding? CharsetOf(HttpContent content)
        {
            string? charset = content.Headers.ContentType?.CharSet?.Trim('"');
            if (string.IsNullOrEmpty(charset)) return null;
            try
            {
                return Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private JsonObject ParseObject(HttpMethod method, Uri uri, string body, string? mediaType)
        {
            object? parsed;
            try
            {
                parsed = JsonReader.Parse(body);
            }
            catch (FormatException e)
            {
                throw new RancherApiException(RancherErrorKind.Protocol,
                    $"{method} {uri} answered with {(mediaType ?? "a body")} that is not the Rancher API's JSON ({e.Message}) Is the URL the Rancher server's?",
                    requestUri: uri, innerException: e);
            }
            if (!(parsed is JsonObject json))
            {
                throw new RancherApiException(RancherErrorKind.Protocol, $"{method} {uri} answered with JSON that is not an object.", requestUri: uri);
            }
            return json;
        }

        private RancherApiException ErrorFromAnswer(HttpMethod method, Uri uri, HttpStatusCode status, string body, int retries, Uri? location)
        {
            int code = (int)status;
            JsonObject? error = null;
            try
            {
                error = JsonReader.Parse(body) as JsonObject;
            }
            catch (FormatException)
            {
                // Not the API's error shape (a proxy's page, say): the status alone decides.
            }
            if (error != null && error.GetString("type") != "error") error = null;

            string? apiCode = error?.GetString("code");
            string? fieldName = error?.GetString("fieldName");
            string? serverMessage = error?.GetString("message");
            string? detail = error?.GetString("detail");
            RancherErrorKind kind = code switch
            {
                401 => RancherErrorKind.Authentication,
                403 => RancherErrorKind.Permission,
                404 => RancherErrorKind.NotFound,
                429 => RancherErrorKind.Unavailable,
                502 => RancherErrorKind.Unavailable,
                503 => RancherErrorKind.Unavailable,
                504 => RancherErrorKind.Unavailable,
                _ when code >= 500 => RancherErrorKind.Server,
                _ when code >= 400 => RancherErrorKind.Validation,
                _ => RancherErrorKind.Protocol,
            };

            StringBuilder message = new StringBuilder();
            message.Append(kind switch
            {
                RancherErrorKind.Authentication => "The Rancher server refused the API keys",
                RancherErrorKind.Permission => "The API key is not allowed to do this",
                RancherErrorKind.NotFound => "Not found",
                RancherErrorKind.Validation => "The Rancher server rejected the request",
                RancherErrorKind.Unavailable => "The Rancher server is unavailable",
                _ => "The Rancher server failed",
            });
            message.Append($" ({code} {apiCode ?? status.ToString()}) for {method} {uri}");
            if (kind == RancherErrorKind.Unavailable && retries > 0) message.Append($" after {retries} retries");
            if (!string.IsNullOrEmpty(fieldName)) message.Append($"; field '{fieldName}'");
            if (!string.IsNullOrEmpty(serverMessage)) message.Append($": {serverMessage}");
            if (!string.IsNullOrEmpty(detail) && detail != serverMessage) message.Append($" ({detail})");
            if (location != null) message.Append($"; it redirects to {location}: use that URL");
            else if (string.IsNullOrWhiteSpace(body)) message.Append(" with an empty body");
            else if (error == null) message.Append("; the answer was not the API's JSON error: is this the Rancher server's URL?");
            message.Append('.');
            return new RancherApiException(kind, Redact(message.ToString()), code, apiCode, fieldName, uri);
        }

        private RancherApiException TransportFailure(HttpMethod method, Uri uri, Exception e)
        {
            if (IsTls(e))
            {
                return new RancherApiException(RancherErrorKind.Tls,
                    $"The TLS connection to {uri.Scheme}://{uri.Authority} failed: {Innermost(e).Message} The server's certificate is probably not trusted here.",
                    requestUri: uri, innerException: e);
            }
            return new RancherApiException(RancherErrorKind.Transport,
                $"{method} {uri} could not reach the server: {Redact(Innermost(e).Message)}", requestUri: uri, innerException: e);
        }

        private static bool IsRetryable(HttpStatusCode status)
        {
            int code = (int)status;
            return code == 429 || code == 502 || code == 503 || code == 504;
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            RetryConditionHeaderValue? header = response.Headers.RetryAfter;
            if (header?.Delta != null) return header.Delta.Value;
            if (header?.Date != null)
            {
                TimeSpan wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private static bool IsTls(Exception e)
        {
            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException) return true;
                if (inner is WebException web && (web.Status == WebExceptionStatus.TrustFailure || web.Status == WebExceptionStatus.SecureChannelFailure)) return true;
            }
            return false;
        }

        private static bool IsTransient(Exception e)
        {
            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket)
                {
                    return socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.ConnectionReset
                        || socket.SocketErrorCode == SocketError.HostUnreachable || socket.SocketErrorCode == SocketError.NetworkUnreachable
                        || socket.SocketErrorCode == SocketError.TryAgain;
                }
                if (inner is WebException web) return web.Status == WebExceptionStatus.ConnectFailure;
            }
            return false;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }

        public void Dispose() => _http.Dispose();
    }
}
