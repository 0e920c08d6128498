using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Core.HostImages.Verification;
using DisklessRancher.Files;
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
                bytes = InputFile.ReadAll(path, UserDataFile.MaxLength);
            }
            catch (InputFileException e)
            {
                throw Invalid(path, $"the file {e.Problem}");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Invalid(path, $"the file cannot be read: {e.Message}");
            }
            UserDataDocument text = UserDataDocument.FromBytes(bytes);
            if (text.EncodingProblem != null) throw Invalid(path, $"the file {text.EncodingProblem} {UserDataDocument.SaveAdvice}");
            return FromYaml(text.Text, path);
        }

        public static CloudConfigAddition FromYaml(string yaml, string source = "YAML text")
        {
            if (yaml == null) throw new ArgumentNullException(nameof(yaml));
            YamlStream stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlException e)
            {
                throw Invalid(source, $"YAML error at line {e.Start.Line}, column {e.Start.Column}: {(e.InnerException ?? e).Message}");
            }
            catch (ArgumentException e)
            {
                throw Invalid(source, $"YAML error: {e.Message}");
            }
            if (stream.Documents.Count != 1 || !(stream.Documents[0].RootNode is YamlMappingNode root))
            {
                throw Invalid(source, "give one YAML mapping of cloud-config keys, such as 'rancher: {network: {http_proxy: http://proxy:3128}}', or the path of an existing YAML file.");
            }
            return new CloudConfigAddition(root, source);
        }

        /// <summary>
        /// From a dictionary whose values are dictionaries, lists, strings, booleans, numbers or null (as a PowerShell
        /// hashtable gives them).
        /// </summary>
        public static CloudConfigAddition FromDictionary(IDictionary dictionary)
        {
            if (dictionary == null) throw new ArgumentNullException(nameof(dictionary));
            const string source = "a dictionary";
            return new CloudConfigAddition((YamlMappingNode)Node(dictionary, source, string.Empty), source);
        }

        private static YamlNode Node(object? value, string source, string path)
        {
            switch (value)
            {
                case null:
                    return new YamlScalarNode("null");
                case string text:
                    return Text(text);
                case bool flag:
                    return new YamlScalarNode(flag ? "true" : "false");
                case IDictionary map:
                    YamlMappingNode mapping = new YamlMappingNode();
                    foreach (DictionaryEntry entry in map)
                    {
                        string key = entry.Key as string ?? throw Invalid(source, $"the key '{entry.Key}' under '{path}' is not a string.");
                        mapping.Add(Text(key), Node(entry.Value, source, YamlNodes.Join(path, key)));
                    }
                    return mapping;
                case IEnumerable list:
                    YamlSequenceNode sequence = new YamlSequenceNode();
                    foreach (object? item in list) sequence.Add(Node(item, source, path));
                    return sequence;
                case IFormattable number when IsNumber(number):
                    return new YamlScalarNode(number.ToString(number is double || number is float ? "R" : null, CultureInfo.InvariantCulture));
                default:
                    throw Invalid(source, $"'{path}' holds a {value.GetType().Name}; give text, a number, true/false, a list or a dictionary.");
            }
        }

        private static YamlScalarNode Text(string text) =>
            new YamlScalarNode(text) { Style = PlainSafe.IsMatch(text) && !YamlNodes.IsSpecialWord(text) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted };

        private static bool IsNumber(object value) =>
            value is int || value is long || value is short || value is byte || value is uint || value is ulong || value is double || value is float || value is decimal;

        private static HostSpecException Invalid(string source, string reason) => new HostSpecException(HostField.CloudConfigAddition, source, reason);
    }
}
