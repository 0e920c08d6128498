using System.Text;
using DisklessRancher.Core.Rancher;
using Xunit;

namespace DisklessRancher.Core.Tests.Rancher;

public sealed class JsonReaderTests
{
    private const string HostPage =
        """{"type":"collection","resourceType":"host","data":[{"id":"1h1","type":"host","links":{"self":"http://r/v2-beta/projects/1a5/hosts/1h1"},"actions":{"deactivate":"http://r/v2-beta/projects/1a5/hosts/1h1/?action=deactivate"},"hostname":"h\u00e9","labels":{"a":"b"},"memory":1.5e3,"on":true,"x":null,"list":[1,-2,[3,{"k":"v"}]]}],"pagination":{"next":null,"limit":1000,"partial":false}}""";

    [Fact]
    public void ParsesTheShapesTheApiSends()
    {
        JsonObject json = Assert.IsType<JsonObject>(JsonReader.Parse(
            """ {"type":"collection","data":[{"id":"1h1","labels":{"a":"b\u00e9\/\n"},"memory":1.5e3,"on":true,"x":null}],"n":-2} """));
        Assert.Equal("collection", json.GetString("type"));
        JsonObject host = Assert.Single(json.GetObjects("data"));
        Assert.Equal("bé/\n", host.GetObject("labels")!.GetString("a"));
        Assert.Equal("1500", host.GetString("memory"));
        Assert.Equal("true", host.GetString("on"));
        Assert.Null(host.GetString("x"));
        Assert.Null(host.GetString("missing"));
        Assert.Equal("-2", json.GetString("n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html></html>")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":1} x")]
    [InlineData("{\"a\":\"\\q\"}")]
    [InlineData("[1,]")]
    public void RejectsWhatIsNotJson(string text) => Assert.Throws<FormatException>(() => JsonReader.Parse(text));

    [Fact]
    public void ReadsSixtyFourLevelsAndRefusesTheSixtyFifth()
    {
        Assert.NotNull(JsonReader.Parse(Nested(JsonReader.MaximumDepth)));
        FormatException error = Assert.Throws<FormatException>(() => JsonReader.Parse(Nested(JsonReader.MaximumDepth + 1)));
        Assert.Contains("nested deeper than 64 levels", error.Message);
        // Objects count as levels too.
        string objects = string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65);
        Assert.Throws<FormatException>(() => JsonReader.Parse(objects));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void DeepNestingIsAFormatErrorNotAStackOverflow(int depth)
    {
        Assert.Throws<FormatException>(() => JsonReader.Parse(new string('[', depth) + new string(']', depth)));
        Assert.Throws<FormatException>(() => JsonReader.Parse(new string('[', depth)));
        Assert.Throws<FormatException>(() => JsonReader.Parse(string.Concat(Enumerable.Repeat("{\"a\":[", depth / 2))));
    }

    [Fact]
    public void AnAnswerLongerThanTheLimitIsRefusedUnread()
    {
        string huge = "[" + new string(' ', JsonReader.MaximumLength) + "]";
        FormatException error = Assert.Throws<FormatException>(() => JsonReader.Parse(huge));
        Assert.Contains("more than the", error.Message);
    }

    /// <summary>
    /// Mutations of a real page (bytes flipped, inserted, deleted, cut short, spans repeated) either parse or fail
    /// with FormatException: never another exception, never a crash. Seeded, so a failure replays.
    /// </summary>
    [Fact]
    public void MalformedDocumentsFailOnlyWithFormatException()
    {
        const string alphabet = "{}[]\",:\\ntrufalse0123456789.eE+-u \t\n\u0000\u001f\ud800\uffff";
        Random random = new(20240611);
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 20_000; i++)
        {
            StringBuilder text = new(HostPage);
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits && text.Length > 0; e++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(5))
                {
                    case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 2: text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at)); break;
                    case 3: text.Length = at; break;
                    default:
                        int length = Math.Min(random.Next(1, 40), text.Length - at);
                        string span = text.ToString(at, length);
                        text.Insert(at, string.Concat(Enumerable.Repeat(span, random.Next(2, 200))));
                        break;
                }
            }
            try
            {
                JsonReader.Parse(text.ToString());
                parsed++;
            }
            catch (FormatException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 10_000, $"only {rejected} of 20000 mutations rejected");
        Assert.True(parsed > 0, "no mutation parsed: the corpus does not exercise the reader's happy paths");
    }

    [Fact]
    public void RandomTextFailsOnlyWithFormatException()
    {
        const string tokens = "{}[]\":,0123456789.eEtrufalsn \\";
        Random random = new(7);
        for (int i = 0; i < 5_000; i++)
        {
            char[] text = new char[random.Next(0, 300)];
            for (int c = 0; c < text.Length; c++) text[c] = random.Next(4) == 0 ? (char)random.Next(0x10000) : tokens[random.Next(tokens.Length)];
            try
            {
                JsonReader.Parse(new string(text));
            }
            catch (FormatException)
            {
            }
        }
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);
}
