using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// A Go type RancherOS v1.5.8 converts its configuration into, and the YAML it accepts for it. RancherOS parses
    /// the cloud-config with candiedyaml into plain values, then converts them into config/types.go's CloudConfig
    /// (pkg/util/util.go Convert); a value the conversion refuses stops the configuration from loading (config/disk.go).
    /// The rules follow candiedyaml's resolver.go and decode.go (vendored in rancher/os v1.5.8): a string field takes
    /// any scalar, a bool one of y/yes/n/no/true/false/on/off, an int an integer, null gives the zero value, unknown
    /// struct fields are ignored; types with their own UnmarshalYAML take only what that method accepts.
    /// </summary>
    internal sealed class GoType
    {
        private static readonly HashSet<string> BoolWords = new HashSet<string> { "y", "yes", "n", "no", "true", "false", "on", "off" };
        private readonly Shape _shape;
        private readonly GoType? _element;
        private readonly IReadOnlyDictionary<string, Field>? _fields;

        private GoType(string name, string file, Shape shape, GoType? element = null, IReadOnlyDictionary<string, Field>? fields = null)
        {
            Name = name;
            File = file;
            _shape = shape;
            _element = element;
            _fields = fields;
        }

        private enum Shape
        {
            String,
            Bool,
            Int,
            Any,
            Slice,
            Map,
            Struct,
            StringOrStrings,
            StringsOrMap,
            StringMapOrStrings,
            Ulimits,
        }

        /// <summary>The type as Go writes it: map[string]string, []yaml.StringandSlice, netconf.InterfaceConfig.</summary>
        public string Name { get; }

        /// <summary>The rancher/os v1.5.8 file that declares the type (or, for a built-in type, the field of that type).</summary>
        public string File { get; }

        public static readonly GoType String = new GoType("string", string.Empty, Shape.String);
        public static readonly GoType Bool = new GoType("bool", string.Empty, Shape.Bool);
        public static readonly GoType Int = new GoType("int", string.Empty, Shape.Int);
        public static readonly GoType Any = new GoType("interface{}", string.Empty, Shape.Any);

        public static GoType Slice(GoType element) => new GoType("[]" + element.Name, string.Empty, Shape.Slice, element);

        public static GoType Map(GoType element) => new GoType("map[string]" + element.Name, string.Empty, Shape.Map, element);

        /// <summary>A struct: its yaml field names and their types (embedded structs' fields included).</summary>
        public static GoType Struct(string name, string file, params (string Key, GoType Type)[] fields) =>
            new GoType(name, file, Shape.Struct, fields: fields.ToDictionary(f => f.Key, f => new Field($"the {f.Key} field of {name}", f.Type, file), StringComparer.Ordinal));

        /// <summary>A struct that embeds others: their fields and its own.</summary>
        public static GoType Struct(string name, string file, IEnumerable<GoType> embedded, params (string Key, GoType Type)[] fields) =>
            new GoType(name, file, Shape.Struct, fields: embedded.SelectMany(e => e._fields!).Concat(Struct(name, file, fields)._fields!)
                .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));

        /// <summary>An UnmarshalYAML that takes a string or a list of strings (yaml.StringandSlice, Stringorslice, Command).</summary>
        public static GoType StringOrStrings(string name, string file) => new GoType(name, file, Shape.StringOrStrings);

        /// <summary>An UnmarshalYAML that takes a list of strings or a mapping of strings or integers (MaporEqualSlice, MaporColonSlice).</summary>
        public static GoType StringsOrMap(string name, string file) => new GoType(name, file, Shape.StringsOrMap);

        /// <summary>An UnmarshalYAML that takes a mapping of strings or a list of strings (SliceorMap).</summary>
        public static GoType StringMapOrStrings(string name, string file) => new GoType(name, file, Shape.StringMapOrStrings);

        /// <summary>libcompose's yaml.Ulimits: a mapping of integers or of soft/hard integer pairs.</summary>
        public static GoType Ulimits(string name, string file) => new GoType(name, file, Shape.Ulimits);

        /// <summary>The first value RancherOS could not convert into this type, or null.</summary>
        public SchemaCheck.Violation? FirstViolation(YamlNode node, string path) => Check(node, path, new Field(Name, this, File));

        private SchemaCheck.Violation? Check(YamlNode node, string path, Field declared)
        {
            bool isNull = node is YamlScalarNode nullable && YamlNodes.TypeOf(nullable) == YamlNodes.Null;
            switch (_shape)
            {
                case Shape.Any:
                    return null;
                case Shape.String:
                    return node is YamlScalarNode ? null : Mismatch(node, path, declared);
                case Shape.Bool:
                    return isNull || (node is YamlScalarNode word && BoolWords.Contains((word.Value ?? string.Empty).ToLowerInvariant())) ? null : Mismatch(node, path, declared);
                case Shape.Int:
                    return isNull || (node is YamlScalarNode number && YamlNodes.IsIntegerText(number.Value ?? string.Empty)) ? null : Mismatch(node, path, declared);
                case Shape.Slice:
                    if (isNull) return null;
                    return node is YamlSequenceNode items ? Items(items, path, declared) : Mismatch(node, path, declared);
                case Shape.Map:
                    if (isNull) return null;
                    return node is YamlMappingNode map ? Entries(map, path, declared) : Mismatch(node, path, declared);
                case Shape.Struct:
                    if (isNull) return null;
                    return node is YamlMappingNode structure ? Fields(structure, path) : Mismatch(node, path, declared);
                case Shape.StringOrStrings:
                    return IsText(node) || (node is YamlSequenceNode words && words.Children.All(IsText)) ? null : Mismatch(node, path, declared);
                case Shape.StringsOrMap:
                    return (node is YamlSequenceNode list && list.Children.All(IsText))
                        || (node is YamlMappingNode pairs && pairs.Children.All(p => IsText(p.Key) && (IsText(p.Value) || YamlNodes.TypeOf(p.Value) == YamlNodes.Integer)))
                        ? null : Mismatch(node, path, declared);
                case Shape.StringMapOrStrings:
                    return (node is YamlSequenceNode strings && strings.Children.All(IsText))
                        || (node is YamlMappingNode labels && labels.Children.All(p => IsText(p.Key) && IsText(p.Value)))
                        ? null : Mismatch(node, path, declared);
                default:
                    return node is YamlMappingNode limits && limits.Children.Values.All(v => YamlNodes.TypeOf(v) == YamlNodes.Integer
                        || (v is YamlMappingNode pair && pair.Children.Values.All(n => YamlNodes.TypeOf(n) == YamlNodes.Integer)))
                        ? null : Mismatch(node, path, declared);
            }
        }

        private SchemaCheck.Violation? Items(YamlSequenceNode items, string path, Field declared)
        {
            for (int i = 0; i < items.Children.Count; i++)
            {
                SchemaCheck.Violation? violation = _element!.Check(items.Children[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", declared);
                if (violation != null) return violation;
            }
            return null;
        }

        private SchemaCheck.Violation? Entries(YamlMappingNode map, string path, Field declared)
        {
            foreach (KeyValuePair<YamlNode, YamlNode> entry in map.Children)
            {
                if (!(entry.Key is YamlScalarNode key)) return String.Mismatch(entry.Key, path, declared, "a key");
                SchemaCheck.Violation? violation = _element!.Check(entry.Value, YamlNodes.Join(path, key.Value ?? string.Empty), declared);
                if (violation != null) return violation;
            }
            return null;
        }

        private SchemaCheck.Violation? Fields(YamlMappingNode structure, string path)
        {
            foreach (KeyValuePair<YamlNode, YamlNode> entry in structure.Children)
            {
                if (!(entry.Key is YamlScalarNode key) || !_fields!.TryGetValue(key.Value ?? string.Empty, out Field? field)) continue;
                SchemaCheck.Violation? violation = field.Type.Check(entry.Value, YamlNodes.Join(path, key.Value!), field);
                if (violation != null) return violation;
            }
            return null;
        }

        /// <summary>A scalar that candiedyaml gives as a Go string (not a number, a bool, null or a date).</summary>
        private static bool IsText(YamlNode node) => node is YamlScalarNode scalar && YamlNodes.TypeOf(scalar) == YamlNodes.String && !YamlNodes.IsTimestamp(scalar);

        private SchemaCheck.Violation Mismatch(YamlNode node, string path, Field declared, string what = "the value")
        {
            string value = node is YamlScalarNode scalar
                ? $"'{HostSpecException.Printable(Shorten(scalar.Value ?? string.Empty))}' ({Describe(scalar)})"
                : SchemaCheck.Article(YamlNodes.TypeOf(node));
            string where = $"{declared.Name} is {declared.Type.Name}, in {declared.File}"
                + (File.Length > 0 && File != declared.File ? $"; {Name} is declared in {File}" : string.Empty);
            return new SchemaCheck.Violation(path.Length == 0 ? "(document)" : path,
                $"RancherOS v1.5.8 converts this into {Name} ({where}), and {what} is {value}. A conversion error stops RancherOS loading its configuration.");
        }

        private static string Describe(YamlScalarNode scalar) =>
            YamlNodes.IsTimestamp(scalar) ? "a date, to candiedyaml" : SchemaCheck.Article(YamlNodes.TypeOf(scalar));

        private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 60) + "…";

        /// <summary>A struct field by its yaml name ("the mounts field of config.CloudConfig"), for messages.</summary>
        private sealed class Field
        {
            public Field(string name, GoType type, string file)
            {
                Name = name;
                Type = type;
                File = file;
            }

            /// <summary>The file that declares the struct holding the field.</summary>
            public string File { get; }

            public string Name { get; }

            public GoType Type { get; }
        }
    }
}
