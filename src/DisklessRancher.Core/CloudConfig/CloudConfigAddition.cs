using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using DisklessRancher.Core.HostImages.Verification;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Settings an administrator adds to the generated cloud-config (proxy, registry mirrors, Docker options, mounts,
    /// sysctl, more write_files …): a YAML mapping, from a file, a YAML string or a dictionary.
    /// <see cref="RancherCloudConfig.Create"/> merges it and checks the result.
    /// </summary>
    public sealed class CloudConfigAddition
    {
        // A string that YAML reads back as the same string when written plain; anything else is double-quoted.
        private static readonly Regex PlainSafe = new Regex(@"^[A-Za-z/][A-Za-z0-9_./=@+-]*$", RegexOptions.CultureInvariant);

        private CloudConfigAddition(YamlMappingNode root, string source)
        {
            Root = root;
            Source = source;
        }

        /// <summary>Where the addition came from, for messages: a file path, "YAML text" or "a dictionary".</summary>
        public string Source { get; }

        internal YamlMappingNode Root { get; }

        public static CloudConfigAddition FromFile(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Invalid(path, $"the file cannot be read: {e.Message}");
            }
            if (bytes.Length > BoundedYaml.MaxLength) throw Invalid(path, $"the file is {bytes.Length} bytes long; an addition is at most {BoundedYaml.MaxLength} bytes.");
            UserDataDocument text = UserDataDocument.FromBytes(bytes);
            if (text.EncodingProblem != null) throw Invalid(path, $"the file {text.EncodingProblem} {UserDataDocument.SaveAdvice}");
            return FromYaml(text.Text, path);
        }

        public static CloudConfigAddition FromYaml(string yaml, string source = "YAML text")
        {
            if (yaml == null) throw new ArgumentNullException(nameof(yaml));
            YamlStream stream;
            try
            {
                // Text read by PowerShell from a file with a byte order mark may still start with it.
                stream = BoundedYaml.Load(yaml.Length > 0 && yaml[0] == '\uFEFF' ? yaml.Substring(1) : yaml);
            }
            catch (YamlRefusedException e)
            {
                throw Invalid(source, e.Message);
            }
            if (stream.Documents.Count != 1 || !(stream.Documents[0].RootNode is YamlMappingNode root))
            {
                throw Invalid(source, "give one YAML mapping of cloud-config keys, such as 'rancher: {network: {http_proxy: http://proxy:3128}}', or the path of an existing YAML file.");
            }
            return new CloudConfigAddition(root, source);
        }

        /// <summary>
        /// From a dictionary whose values are dictionaries, lists, strings, booleans, numbers or null (as a PowerShell
        /// hashtable gives them), each first passed through <paramref name="unwrap"/> (which removes a host's wrapper
        /// objects). Held to <see cref="BoundedYaml"/>'s bounds, so that a dictionary that contains itself is an error.
        /// </summary>
        public static CloudConfigAddition FromDictionary(IDictionary dictionary, Func<object?, object?>? unwrap = null)
        {
            if (dictionary == null) throw new ArgumentNullException(nameof(dictionary));
            DictionaryReader reader = new DictionaryReader(unwrap ?? (value => value));
            return new CloudConfigAddition((YamlMappingNode)reader.Node(dictionary, string.Empty, 1), DictionaryReader.Source);
        }

        private static YamlScalarNode Text(string text) =>
            new YamlScalarNode(text) { Style = PlainSafe.IsMatch(text) && !YamlNodes.IsSpecialWord(text) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted };

        /// <summary>Turns a dictionary into YAML nodes, within the depth, node and text bounds of YAML text.</summary>
        private sealed class DictionaryReader
        {
            public const string Source = "a dictionary";
            private readonly Func<object?, object?> _unwrap;
            private long _nodes;
            private long _characters;

            public DictionaryReader(Func<object?, object?> unwrap) => _unwrap = unwrap;

            public YamlNode Node(object? value, string path, int depth)
            {
                value = _unwrap(value);
                if (depth > BoundedYaml.MaxDepth && (value is IDictionary || (value is IEnumerable && !(value is string))))
                {
                    throw Invalid(Source, $"'{path}' is nested deeper than {BoundedYaml.MaxDepth} levels (does the dictionary contain itself?).");
                }
                if (++_nodes > BoundedYaml.MaxNodes) throw Invalid(Source, $"it holds more than {BoundedYaml.MaxNodes} values.");
                switch (value)
                {
                    case null:
                        return new YamlScalarNode("null");
                    case string text:
                        return Count(Text(text), path);
                    case bool flag:
                        return new YamlScalarNode(flag ? "true" : "false");
                    case IDictionary map:
                        YamlMappingNode mapping = new YamlMappingNode();
                        foreach (DictionaryEntry entry in map)
                        {
                            string key = _unwrap(entry.Key) as string ?? throw Invalid(Source, $"the key '{entry.Key}' under '{path}' is not a string.");
                            string keyPath = YamlNodes.Join(path, key);
                            if (mapping.Children.ContainsKey(new YamlScalarNode(key))) throw Invalid(Source, $"the key '{keyPath}' is given twice.");
                            mapping.Add(Count(Text(key), path), Node(entry.Value, keyPath, depth + 1));
                        }
                        return mapping;
                    case IEnumerable list:
                        YamlSequenceNode sequence = new YamlSequenceNode();
                        foreach (object? item in list) sequence.Add(Node(item, path, depth + 1));
                        return sequence;
                    case IFormattable number when IsNumber(number):
                        return new YamlScalarNode(number.ToString(number is double || number is float ? "R" : null, CultureInfo.InvariantCulture));
                    default:
                        throw Invalid(Source, $"'{path}' holds a {value.GetType().Name}; give text, a number, true/false, a list or a dictionary.");
                }
            }

            private YamlScalarNode Count(YamlScalarNode scalar, string path)
            {
                _characters += scalar.Value!.Length;
                if (_characters > BoundedYaml.MaxLength) throw Invalid(Source, $"its text passes {BoundedYaml.MaxLength} characters at '{path}'.");
                return scalar;
            }

            private static bool IsNumber(object value) =>
                value is int || value is long || value is short || value is byte || value is uint || value is ulong || value is double || value is float || value is decimal;
        }

        private static HostSpecException Invalid(string source, string reason) => new HostSpecException(HostField.CloudConfigAddition, source, reason);
    }
}
