using System.Collections.Generic;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Reading YAML nodes as RancherOS does: the JSON type a YAML 1.1 parser (RancherOS's, PyYAML) gives a scalar
    /// (quoted scalars are strings), and the value under a key.
    /// </summary>
    internal static class YamlNodes
    {
        public const string String = "string";
        public const string Boolean = "boolean";
        public const string Integer = "integer";
        public const string Number = "number";
        public const string Null = "null";

        private static readonly Regex BooleanWord = new Regex("^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant);
        private static readonly Regex NullWord = new Regex("^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant);
        private static readonly Regex IntegerText = new Regex(
            "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant);
        private static readonly Regex NumberText = new Regex(
            @"^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant);

        // candiedyaml's resolver.go (vendored in rancher/os v1.5.8) reads these plain scalars as a time.Time.
        private static readonly Regex TimestampText = new Regex(
            @"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$", RegexOptions.CultureInvariant);

        private const string CoreTagPrefix = "tag:yaml.org,2002:";

        /// <summary>The YAML core schema's scalar tags (tag:yaml.org,2002:name) and the JSON type each gives.</summary>
        public static readonly IReadOnlyDictionary<string, string> CoreScalarTags = new Dictionary<string, string>
        {
            ["str"] = String, ["int"] = Integer, ["float"] = Number, ["bool"] = Boolean, ["null"] = Null,
        };

        /// <summary>The JSON type of a node: object, array, or the type of a scalar.</summary>
        public static string TypeOf(YamlNode node) => node switch
        {
            YamlMappingNode _ => "object",
            YamlSequenceNode _ => "array",
            YamlScalarNode scalar => TypeOf(scalar),
            _ => "alias",
        };

        public static string TypeOf(YamlScalarNode scalar)
        {
            string value = scalar.Value ?? string.Empty;
            if (!scalar.Tag.IsEmpty && scalar.Tag.Value.StartsWith(CoreTagPrefix, System.StringComparison.Ordinal)
                && CoreScalarTags.TryGetValue(scalar.Tag.Value.Substring(CoreTagPrefix.Length), out string? tagged))
            {
                return tagged;
            }
            if (scalar.Style != ScalarStyle.Plain && scalar.Style != ScalarStyle.Any) return String;
            return scalar.Tag.IsEmpty || scalar.Tag.Value == "?" ? PlainType(value) : String;
        }

        private static string PlainType(string value)
        {
            if (NullWord.IsMatch(value)) return Null;
            if (BooleanWord.IsMatch(value)) return Boolean;
            if (IntegerText.IsMatch(value)) return Integer;
            if (NumberText.IsMatch(value)) return Number;
            return String;
        }

        /// <summary>Text that YAML 1.1 reads as an integer when it is written plain.</summary>
        public static bool IsIntegerText(string text) => IntegerText.IsMatch(text);

        /// <summary>Whether a scalar tagged with the core schema tag <paramref name="name"/> holds a value of that type.</summary>
        public static bool FitsCoreTag(string name, string value)
        {
            string plain = PlainType(value);
            return name switch
            {
                "str" => true,
                "float" => plain == Number || plain == Integer,
                _ => plain == CoreScalarTags[name],
            };
        }

        /// <summary>A plain scalar that candiedyaml, RancherOS's YAML library, reads as a date and time rather than text.</summary>
        public static bool IsTimestamp(YamlScalarNode scalar) =>
            TypeOf(scalar) == String && (scalar.Style == ScalarStyle.Plain || scalar.Style == ScalarStyle.Any) && scalar.Tag.IsEmpty
            && TimestampText.IsMatch(scalar.Value ?? string.Empty);

        /// <summary>Text that a plain scalar would turn into another type.</summary>
        public static bool IsSpecialWord(string text) => TypeOf(new YamlScalarNode(text) { Style = ScalarStyle.Plain }) != String;

        /// <summary>The value under <paramref name="key"/> when <paramref name="node"/> is a mapping that has it.</summary>
        public static YamlNode? Child(YamlNode? node, string key) =>
            node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;

        /// <summary>A key path for messages: rancher.network.http_proxy.</summary>
        public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
    }
}
