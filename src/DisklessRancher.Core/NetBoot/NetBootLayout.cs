using System;
using System.IO;
using System.Linq;

using DisklessRancher.Files;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// Where each file of a network boot tree lives, on disk under the output folder and on the web under the base
    /// URL. Every served file has an extension, so that IIS (which serves only known extensions) serves it too.
    /// </summary>
    public sealed class NetBootLayout
    {
        public const string EntryPoint = "boot.ipxe";
        public const string WebConfig = "web.config";
        public const string HostsFolder = "hosts";
        public const string ScriptExtension = ".ipxe";
        public const string UserDataExtension = ".yaml";
        public const string BootFileExtension = ".bin";
        private const string BootFolder = "boot";

        /// <param name="root">The folder the web server serves at <paramref name="baseUrl"/>.</param>
        /// <exception cref="NetBootException">The URL is not an absolute http(s) URL fit for a kernel command line.</exception>
        public NetBootLayout(string root, string baseUrl)
        {
            Root = Path.GetFullPath(root);
            BaseUrl = CheckBaseUrl(baseUrl);
        }

        public string Root { get; }

        /// <summary>The URL of <see cref="Root"/>, without a trailing slash.</summary>
        public string BaseUrl { get; }

        /// <param name="name">One of a host's <see cref="BootSelectors.Names"/>.</param>
        public static string HostScript(string name) => HostsFolder + "/" + name + ScriptExtension;

        /// <param name="name">The host's <see cref="BootSelectors.PrimaryName"/>.</param>
        public static string HostUserData(string name) => HostsFolder + "/" + name + UserDataExtension;

        /// <summary>A boot file named after its content, so two bases sit side by side and a file is never rewritten.</summary>
        public static string BootFile(string kind, NetBootFile file) => BootFolder + "/" + kind + "-" + file.ContentHash + BootFileExtension;

        /// <summary>Whether <paramref name="path"/> is the served folder or inside it, once links and <c>..</c> are resolved on both sides.</summary>
        public bool Serves(string path) => RealPath.IsInside(path, Root);

        public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        /// <summary>The URL of a file of the tree, each part of its path escaped (a serial number may hold spaces).</summary>
        public string UrlOf(string relative) => BaseUrl + "/" + string.Join("/", relative.Split('/').Select(Uri.EscapeDataString));

        private static string CheckBaseUrl(string baseUrl)
        {
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || baseUrl.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new NetBootException(NetBootError.InvalidBaseUrl,
                    $"The base URL '{baseUrl}' is not an absolute http or https URL (e.g. http://boot.lab.example.org/rancher).");
            }
            // The URL goes into iPXE scripts (which expand ${...}) and into RancherOS's datasources=[url:...] list.
            // iPXE resolves host names as given: an internationalized name is written in its ASCII (punycode) form.
            if (uri.HostNameType == UriHostNameType.Dns && uri.IdnHost != uri.Host) uri = new UriBuilder(uri) { Host = uri.IdnHost }.Uri;
            string url = uri.AbsoluteUri.TrimEnd('/');
            if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || url.IndexOfAny(new[] { '$', ',', '[', ']', '"', '\'' }) >= 0)
            {
                throw new NetBootException(NetBootError.InvalidBaseUrl,
                    $"The base URL '{baseUrl}' cannot be used: it must name a folder, without a query, a fragment or any of $ , [ ] \" '.");
            }
            return url;
        }
    }
}
