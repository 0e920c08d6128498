using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DisklessRancher.Core.CloudConfig;
using YamlDotNet.RepresentationModel;

namespace DisklessRancher.Core.HostImages.Verification
{
    /// <summary>A user_data file as read from an image: its bytes, its kind and, for a cloud-config, its YAML.</summary>
    internal sealed class UserDataDocument
    {
        public const string CloudConfigHeader = "#cloud-config";
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>How to write a file RancherOS reads, from either edition of PowerShell.</summary>
        public const string SaveAdvice =
            "Save it as UTF-8 without a byte order mark: [IO.File]::WriteAllText($path, $text) in any PowerShell, or Set-Content -Encoding utf8NoBOM in PowerShell 7 (Windows PowerShell 5.1's -Encoding UTF8 adds a BOM).";

        private UserDataDocument(byte[] bytes)
        {
            Bytes = bytes;
            HasBom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            IsUtf16 = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)
                || (bytes[0] == 0 && bytes[1] != 0) || (bytes[0] != 0 && bytes[1] == 0));
            try
            {
                Text = StrictUtf8.GetString(bytes, HasBom ? 3 : 0, bytes.Length - (HasBom ? 3 : 0));
                IsUtf8 = true;
            }
            catch (DecoderFallbackException)
            {
                Text = new UTF8Encoding(false, false).GetString(bytes);
            }
            string firstLine = Text.Split('\n')[0];
            FirstLine = firstLine.TrimEnd();
            // rancher/os v1.5.8 config/cloudinit/config/config.go IsCloudConfig trims trailing white space (so CRLF
            // is fine) before comparing; script.go IsScript takes the line as it is; cmd/cloudinitsave/cloudinitsave.go
            // isCompose wants "#compose" and a LF exactly.
            Kind = FirstLine == CloudConfigHeader ? UserDataKind.CloudConfig
                : firstLine.StartsWith("#!", StringComparison.Ordinal) ? UserDataKind.Script
                : Text.StartsWith("#compose\n", StringComparison.Ordinal) ? UserDataKind.Compose
                : UserDataKind.Unrecognised;
            if (Kind != UserDataKind.Script) (Root, YamlError) = Parse(Text);
        }

        public byte[] Bytes { get; }

        /// <summary>The text after any byte order mark.</summary>
        public string Text { get; }

        public bool HasBom { get; }

        public bool IsUtf8 { get; }

        /// <summary>UTF-16 text, by its byte order mark or by a zero byte in its first character.</summary>
        public bool IsUtf16 { get; }

        /// <summary>Why RancherOS cannot read the file's bytes as text it recognises, or null.</summary>
        /// <remarks>
        /// rancher/os v1.5.8 cmd/cloudinitsave/cloudinitsave.go compares the first line of the raw bytes, so neither a
        /// UTF-16 file nor one with a BOM is recognised; config/disk.go parses with candiedyaml, whose reader.go refuses
        /// bytes that are not UTF-8 ("invalid leading UTF-8 octet").
        /// </remarks>
        public string? EncodingProblem =>
            IsUtf16 ? "is UTF-16 text (what Windows PowerShell 5.1 writes by default with Out-File and '>'); RancherOS reads UTF-8 only."
            : HasBom ? "starts with a UTF-8 byte order mark (EF BB BF), which hides its first line from RancherOS."
            : !IsUtf8 ? "is not valid UTF-8 (a Latin-1 or Windows code page file?); RancherOS's YAML parser refuses it."
            : null;

        /// <summary>The first line as RancherOS compares it, byte order mark not included.</summary>
        public string FirstLine { get; }

        /// <summary>The kind by the first line, as if there were no byte order mark (<see cref="HasBom"/> says whether there is one).</summary>
        public UserDataKind Kind { get; }

        /// <summary>The top-level mapping; null for a script, a YAML error, or a document that is not a mapping.</summary>
        public YamlMappingNode? Root { get; }

        /// <summary>Why the YAML is not a mapping RancherOS would load, or null.</summary>
        public string? YamlError { get; }

        public static UserDataDocument FromBytes(byte[] bytes) => new UserDataDocument(bytes);

        /// <summary>For a cloud-config that parses, the first value RancherOS v1.5.8 could not load, or null.</summary>
        public SchemaCheck.Violation? LoadFailure => Kind == UserDataKind.CloudConfig && Root != null ? CloudConfigSchema.LoadFailure(Root) : null;

        /// <summary>The hostname the cloud-config sets, or null.</summary>
        public string? Hostname
        {
            get
            {
                if (Kind != UserDataKind.CloudConfig) return null;
                string? value = (YamlNodes.Child(Root, "hostname") as YamlScalarNode)?.Value;
                return string.IsNullOrWhiteSpace(value) || value == "~" || value == "null" ? null : value;
            }
        }

        /// <summary>Each runcmd entry as one line (a list entry's words joined by spaces).</summary>
        public IEnumerable<string> RunCommands =>
            (YamlNodes.Child(Root, "runcmd") as YamlSequenceNode)?.Children.Select(CommandText) ?? Enumerable.Empty<string>();

        /// <summary>The write_files entries as (path, content, permissions), content decoded when it is base64.</summary>
        public IEnumerable<(string Path, byte[]? Content, string? Permissions)> WriteFiles
        {
            get
            {
                if (!(YamlNodes.Child(Root, "write_files") is YamlSequenceNode entries)) yield break;
                foreach (YamlMappingNode entry in entries.Children.OfType<YamlMappingNode>())
                {
                    string? path = (YamlNodes.Child(entry, "path") as YamlScalarNode)?.Value;
                    if (path == null) continue;
                    yield return (path, Content(entry), (YamlNodes.Child(entry, "permissions") as YamlScalarNode)?.Value);
                }
            }
        }

        private static byte[]? Content(YamlMappingNode entry)
        {
            string content = (YamlNodes.Child(entry, "content") as YamlScalarNode)?.Value ?? string.Empty;
            string encoding = (YamlNodes.Child(entry, "encoding") as YamlScalarNode)?.Value ?? string.Empty;
            switch (encoding)
            {
                case "":
                    return Encoding.UTF8.GetBytes(content);
                case "b64":
                case "base64":
                    try
                    {
                        return Convert.FromBase64String(content);
                    }
                    catch (FormatException)
                    {
                        return null;
                    }
                default:
                    return null;
            }
        }

        private static string CommandText(YamlNode node) => node switch
        {
            YamlScalarNode scalar => scalar.Value ?? string.Empty,
            YamlSequenceNode words => string.Join(" ", words.Children.OfType<YamlScalarNode>().Select(w => w.Value)),
            _ => string.Empty,
        };

        private static (YamlMappingNode?, string?) Parse(string text)
        {
            YamlStream stream;
            try
            {
                stream = BoundedYaml.Load(text);
            }
            catch (YamlRefusedException e)
            {
                return (null, e.Message);
            }
            if (stream.Documents.Count == 0) return (null, "the file holds no YAML document.");
            if (stream.Documents.Count > 1) return (null, $"the file holds {stream.Documents.Count} YAML documents; RancherOS reads one.");
            return stream.Documents[0].RootNode is YamlMappingNode root
                ? (root, null)
                : (null, $"the document is a {stream.Documents[0].RootNode.NodeType.ToString().ToLowerInvariant()}, not a mapping of keys.");
        }
    }
}
