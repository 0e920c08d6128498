using System;
using System.Collections.Generic;
using System.Linq;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// CATTLE_HOST_LABELS is read with Go's url.ParseQuery: k1=v1&amp;k2=v2, where '+' means a space and ';'
    /// also separates pairs. Percent-encoding every reserved character keeps any key and value intact.
    /// </summary>
    internal static class HostLabelQuery
    {
        public static string Encode(IEnumerable<KeyValuePair<string, string>> labels) =>
            string.Join("&", labels.Select(label => Uri.EscapeDataString(label.Key) + "=" + Uri.EscapeDataString(label.Value)));
    }
}
