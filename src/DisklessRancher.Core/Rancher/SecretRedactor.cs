using System;
using System.Text.RegularExpressions;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>
    /// Removes Rancher secrets from text meant for people: the signed segment of a registration URL
    /// (<c>/v1/scripts/&lt;accessKey&gt;:&lt;timestamp&gt;:&lt;signature&gt;</c>), a bare registration token of that shape,
    /// and the user-info part of a URL.
    /// </summary>
    public static class SecretRedactor
    {
        public const string Mask = "***";

        private static readonly Regex ScriptsSegment = new Regex(
            @"(/v[0-9][^/\s]*/scripts/)[^\s""'<>;,(){}\[\]]+", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        private static readonly Regex BareToken = new Regex(
            @"\b[A-Za-z0-9]{8,}:[0-9]{10,}:[A-Za-z0-9_\-]{8,}", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        private static readonly Regex UserInfo = new Regex(
            @"(\bhttps?://)[^/\s@]+@", RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The text with every secret of a known shape, and each of <paramref name="knownSecrets"/>, masked.</summary>
        public static string Redact(string? text, params string?[] knownSecrets)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            string result = text!;
            foreach (string? secret in knownSecrets)
            {
                if (!string.IsNullOrEmpty(secret)) result = result.Replace(secret, Mask);
            }
            result = ScriptsSegment.Replace(result, "$1" + Mask);
            result = BareToken.Replace(result, Mask);
            return UserInfo.Replace(result, "$1" + Mask + "@");
        }

        /// <summary>A registration URL as it may be shown: scheme, host, port and <c>/v1/scripts/***</c>.</summary>
        public static string RedactRegistrationUrl(string? registrationUrl)
        {
            if (string.IsNullOrEmpty(registrationUrl)) return string.Empty;
            if (!Uri.TryCreate(registrationUrl, UriKind.Absolute, out Uri? uri)) return Redact(registrationUrl);
            int scripts = uri.AbsolutePath.IndexOf("/scripts/", StringComparison.Ordinal);
            string prefix = scripts >= 0 ? uri.AbsolutePath.Substring(0, scripts) + "/scripts/" : "/";
            return uri.Scheme + "://" + uri.Authority + prefix + Mask;
        }
    }
}
