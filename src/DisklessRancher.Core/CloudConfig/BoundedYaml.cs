using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// Loads YAML text that came from outside (an addition, a user_data file, an image's user_data) only once its
    /// event stream has been read without recursion and found within bounds: at most <see cref="MaxDepth"/> levels of
    /// nesting, at most <see cref="MaxNodes"/> nodes and <see cref="MaxLength"/> characters of scalars once every
    /// alias is expanded, tags of the YAML core schema only, and no merge keys. Everything that walks the loaded
    /// tree afterwards (the schema, the Go types, the merge, the writer) may then recurse safely.
    /// </summary>
    internal static class BoundedYaml
    {
        /// <summary>Nesting levels, as for JSON documents; no cloud-config comes near it.</summary>
        public const int MaxDepth = 64;

        /// <summary>Characters of text, and characters of scalars once aliases are expanded.</summary>
        public const int MaxLength = 16 * 1024 * 1024;

        /// <summary>Mappings, sequences and scalars once aliases are expanded.</summary>
        public const int MaxNodes = 100_000;

        private const string CoreTagPrefix = "tag:yaml.org,2002:";

        /// <summary>The stream's documents; throws <see cref="YamlRefusedException"/> saying what is wrong and where.</summary>
        public static YamlStream Load(string text)
        {
            if (text.Length > MaxLength) throw new YamlRefusedException(string.Format(CultureInfo.InvariantCulture, "the text is {0:N0} characters long; the limit is {1:N0}.", text.Length, MaxLength));
            try
            {
                Scan(text);
                YamlStream stream = new YamlStream();
                stream.Load(new StringReader(text));
                return stream;
            }
            catch (YamlException e)
            {
                throw new YamlRefusedException($"YAML error at line {e.Start.Line}, column {e.Start.Column}: {Innermost(e).Message}");
            }
            catch (ArgumentException e)
            {
                // The representation model refuses a key given twice in one mapping; so does RancherOS's parser.
                throw new YamlRefusedException($"YAML error: {e.Message}");
            }
        }

        /// <summary>Removes every anchor, so that a tree is written with its aliases expanded (within the bounds above).</summary>
        public static void ClearAnchors(YamlNode node)
        {
            node.Anchor = AnchorName.Empty;
            if (node is YamlMappingNode mapping)
            {
                foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
                {
                    ClearAnchors(entry.Key);
                    ClearAnchors(entry.Value);
                }
            }
            else if (node is YamlSequenceNode sequence)
            {
                foreach (YamlNode item in sequence.Children) ClearAnchors(item);
            }
        }

        private static void Scan(string text)
        {
            Parser parser = new Parser(new StringReader(text));
            Stack<Collection> open = new Stack<Collection>();
            Dictionary<string, Size> anchors = new Dictionary<string, Size>(StringComparer.Ordinal);
            Size total = default;
            while (parser.MoveNext())
            {
                ParsingEvent current = parser.Current!;
                Size size;
                switch (current)
                {
                    case DocumentStart _:
                        anchors.Clear();
                        continue;
                    case MappingStart _:
                    case SequenceStart _:
                        NodeEvent start = (NodeEvent)current;
                        RefuseTag(start.Tag, null, start);
                        if (open.Count > 0) open.Peek().TakeKeyTurn();
                        if (open.Count == MaxDepth) throw Refused(start, $"it is nested deeper than {MaxDepth} levels.");
                        open.Push(new Collection(start.Anchor, current is MappingStart));
                        total = total.Add(new Size(1, 0, 0), current);
                        continue;
                    case MappingEnd _:
                    case SequenceEnd _:
                        Collection done = open.Pop();
                        size = new Size(done.Inner.Nodes + 1, done.Inner.Characters, done.Inner.Height + 1);
                        if (!done.Anchor.IsEmpty) anchors[done.Anchor.Value] = size;
                        if (open.Count > 0) open.Peek().Inner = open.Peek().Inner.Beside(size);
                        continue;
                    case Scalar scalar:
                        RefuseTag(scalar.Tag, scalar, scalar);
                        bool isKey = open.Count > 0 && open.Peek().TakeKeyTurn();
                        if (isKey && scalar.IsPlainImplicit && scalar.Value == "<<")
                        {
                            throw Refused(scalar, "merge keys ('<<') are not supported: write the keys out in full.");
                        }
                        size = new Size(1, scalar.Value.Length, 0);
                        if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = size;
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out size)) throw Refused(alias, $"the alias *{alias.Value.Value} names no anchor before it.");
                        if (open.Count > 0) open.Peek().TakeKeyTurn();
                        if (open.Count + size.Height > MaxDepth) throw Refused(alias, $"the alias *{alias.Value.Value} makes it nested deeper than {MaxDepth} levels.");
                        break;
                    default:
                        continue;
                }
                total = total.Add(size, current);
                if (open.Count > 0) open.Peek().Inner = open.Peek().Inner.Beside(size);
            }
        }

        /// <summary>Core schema tags only (str, int, bool, null, float, seq, map), and a scalar's value must be of its tag's type.</summary>
        private static void RefuseTag(TagName tag, Scalar? scalar, ParsingEvent at)
        {
            if (tag.IsEmpty || (tag.Value == "!" && scalar != null && !scalar.IsPlainImplicit)) return;
            string name = tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? tag.Value.Substring(CoreTagPrefix.Length) : string.Empty;
            bool allowed = scalar == null ? name == "seq" || name == "map" : YamlNodes.CoreScalarTags.ContainsKey(name);
            if (!allowed)
            {
                throw Refused(at, $"the tag {Shown(tag)} is not one of the YAML core schema's (!!str, !!int, !!float, !!bool, !!null{(scalar == null ? ", !!seq, !!map" : string.Empty)}); RancherOS and safe YAML loaders do not construct it.");
            }
            if (scalar != null && !YamlNodes.FitsCoreTag(name, scalar.Value))
            {
                throw Refused(at, $"'{HostSpecException.Printable(scalar.Value)}' is tagged {Shown(tag)} but is not a value of that type.");
            }
        }

        private static string Shown(TagName tag) =>
            tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? "!!" + tag.Value.Substring(CoreTagPrefix.Length) : tag.Value;

        private static YamlRefusedException Refused(ParsingEvent at, string reason) =>
            new YamlRefusedException($"line {at.Start.Line}, column {at.Start.Column}: {reason}");

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }

        /// <summary>A mapping or sequence being read: what it holds so far, and whether its next node is a key.</summary>
        private sealed class Collection
        {
            private readonly bool _isMapping;
            private bool _valueNext;

            public Collection(AnchorName anchor, bool isMapping)
            {
                Anchor = anchor;
                _isMapping = isMapping;
            }

            public AnchorName Anchor { get; }

            public Size Inner { get; set; }

            /// <summary>Whether the node now read is a key of this mapping.</summary>
            public bool TakeKeyTurn()
            {
                if (!_isMapping) return false;
                bool isKey = !_valueNext;
                _valueNext = !_valueNext;
                return isKey;
            }
        }

        /// <summary>A node once expanded: how many nodes, how many characters of scalars, how many levels below it.</summary>
        private readonly struct Size
        {
            public Size(long nodes, long characters, int height)
            {
                Nodes = nodes;
                Characters = characters;
                Height = height;
            }

            public long Nodes { get; }

            public long Characters { get; }

            public int Height { get; }

            /// <summary>Two nodes side by side in one collection.</summary>
            public Size Beside(Size other) => new Size(Nodes + other.Nodes, Characters + other.Characters, Math.Max(Height, other.Height));

            /// <summary>The running total of the stream, refused as soon as it passes a limit.</summary>
            public Size Add(Size node, ParsingEvent at)
            {
                Size sum = new Size(Nodes + node.Nodes, Characters + node.Characters, 0);
                string expanded = at is AnchorAlias ? " once its aliases are expanded (an alias bomb?)" : string.Empty;
                if (sum.Nodes > MaxNodes) throw Refused(at, $"the document holds more than {MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes{expanded}.");
                if (sum.Characters > MaxLength) throw Refused(at, $"the document holds more than {MaxLength.ToString("N0", CultureInfo.InvariantCulture)} characters of text{expanded}.");
                return sum;
            }
        }
    }

    /// <summary>YAML text that does not parse or is beyond <see cref="BoundedYaml"/>'s bounds; the message says why.</summary>
    internal sealed class YamlRefusedException : Exception
    {
        public YamlRefusedException(string message) : base(message) { }
    }
}
