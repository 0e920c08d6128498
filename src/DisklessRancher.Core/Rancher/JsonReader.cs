using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DisklessRancher.Core.Rancher
{
    /// <summary>
    /// Parses JSON text into plain values: <see cref="JsonObject"/>, <see cref="List{T}"/> of object,
    /// string, double, bool or null. Enough for the Cattle API's answers, without a dependency.
    /// Nesting and length are bounded, so a broken or hostile server cannot exhaust the stack (which no
    /// catch survives) or the memory.
    /// </summary>
    internal sealed class JsonReader
    {
        /// <summary>The deepest nesting of arrays and objects read, as System.Text.Json and Json.NET default to.</summary>
        public const int MaximumDepth = 64;

        /// <summary>
        /// The longest text read. A page of 1000 hosts as Cattle describes them (links, actions, labels, info) is a
        /// few megabytes; this leaves room for several times that.
        /// </summary>
        public const int MaximumLength = 64 * 1024 * 1024;

        private readonly string _text;
        private int _position;
        private int _depth;

        private JsonReader(string text) => _text = text;

        /// <exception cref="FormatException">
        /// The text is not one well-formed JSON value, nests deeper than <see cref="MaximumDepth"/>, or is longer than
        /// <see cref="MaximumLength"/>.
        /// </exception>
        public static object? Parse(string text)
        {
            if (text.Length > MaximumLength)
            {
                throw new FormatException($"Invalid JSON: {text.Length} characters, more than the {MaximumLength} accepted.");
            }
            JsonReader reader = new JsonReader(text);
            object? value = reader.ReadValue();
            reader.SkipWhitespace();
            if (reader._position != text.Length) throw reader.Error("trailing characters after the JSON value");
            return value;
        }

        private object? ReadValue()
        {
            SkipWhitespace();
            if (_position >= _text.Length) throw Error("unexpected end of text");
            char c = _text[_position];
            switch (c)
            {
                case '{': return ReadNested(ReadObject);
                case '[': return ReadNested(ReadArray);
                case '"': return ReadString();
                case 't': return ReadLiteral("true", true);
                case 'f': return ReadLiteral("false", false);
                case 'n': return ReadLiteral("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Error($"unexpected character '{c}'");
            }
        }

        private object ReadNested(Func<object> read)
        {
            if (++_depth > MaximumDepth) throw Error($"nested deeper than {MaximumDepth} levels");
            object value = read();
            _depth--;
            return value;
        }

        private JsonObject ReadObject()
        {
            JsonObject result = new JsonObject();
            _position++;
            SkipWhitespace();
            if (TryConsume('}')) return result;
            while (true)
            {
                SkipWhitespace();
                if (_position >= _text.Length || _text[_position] != '"') throw Error("expected a property name");
                string name = ReadString();
                SkipWhitespace();
                Expect(':');
                result[name] = ReadValue();
                SkipWhitespace();
                if (TryConsume('}')) return result;
                Expect(',');
            }
        }

        private List<object?> ReadArray()
        {
            List<object?> result = new List<object?>();
            _position++;
            SkipWhitespace();
            if (TryConsume(']')) return result;
            while (true)
            {
                result.Add(ReadValue());
                SkipWhitespace();
                if (TryConsume(']')) return result;
                Expect(',');
            }
        }

        private string ReadString()
        {
            _position++;
            StringBuilder builder = new StringBuilder();
            while (true)
            {
                if (_position >= _text.Length) throw Error("unterminated string");
                char c = _text[_position++];
                if (c == '"') return builder.ToString();
                if (c < ' ') throw Error("control character in a string");
                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }
                if (_position >= _text.Length) throw Error("unterminated escape");
                char escape = _text[_position++];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > _text.Length
                            || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        {
                            throw Error("bad \\u escape");
                        }
                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default: throw Error($"bad escape '\\{escape}'");
                }
            }
        }

        private double ReadNumber()
        {
            int start = _position;
            if (_text[_position] == '-') _position++;
            while (_position < _text.Length && "0123456789.eE+-".IndexOf(_text[_position]) >= 0) _position++;
            string token = _text.Substring(start, _position - start);
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) throw Error($"bad number '{token}'");
            return value;
        }

        private object? ReadLiteral(string literal, object? value)
        {
            if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0) throw Error("unknown literal");
            _position += literal.Length;
            return value;
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length && (_text[_position] == ' ' || _text[_position] == '\t' || _text[_position] == '\n' || _text[_position] == '\r'))
            {
                _position++;
            }
        }

        private bool TryConsume(char c)
        {
            if (_position < _text.Length && _text[_position] == c)
            {
                _position++;
                return true;
            }
            return false;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c)) throw Error($"expected '{c}'");
        }

        private FormatException Error(string what) => new FormatException($"Invalid JSON at character {_position}: {what}.");
    }

    /// <summary>A parsed JSON object with typed, forgiving accessors (a missing or null member reads as null).</summary>
    internal sealed class JsonObject : Dictionary<string, object?>
    {
        public JsonObject() : base(StringComparer.Ordinal) { }

        public string? GetString(string name) => TryGetValue(name, out object? value) ? value switch
        {
            string s => s,
            double d => d.ToString(CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            _ => null,
        } : null;

        public JsonObject? GetObject(string name) => TryGetValue(name, out object? value) ? value as JsonObject : null;

        public IEnumerable<JsonObject> GetObjects(string name)
        {
            if (!TryGetValue(name, out object? value) || !(value is List<object?> items)) yield break;
            foreach (object? item in items)
            {
                if (item is JsonObject json) yield return json;
            }
        }
    }
}
