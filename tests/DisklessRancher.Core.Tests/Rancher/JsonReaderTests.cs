using DisklessRancher.Core.Rancher;
using Xunit;

namespace DisklessRancher.Core.Tests.Rancher;

public sealed class JsonReaderTests
{
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
}
