using System;
using DisklessRancher.Core.NetBoot;

namespace DisklessRancher.Core.Tests.NetBoot;

public class AccessLogLineTests
{
    [Fact]
    public void Reads_a_line_of_nginx_combined_format()
    {
        const string line = "10.0.0.41 - - [06/Dec/2026:23:44:47 +0100] \"GET /rancher/boot.ipxe?mac=52-54-00-24-02-77&ip=10.0.0.41 HTTP/1.1\" 200 816 \"-\" \"iPXE/1.0.0+git-20190125.36a4c85-5.1\"";

        Assert.True(AccessLogLine.TryParseCombined(line, out AccessLogLine request));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 23, 44, 47, TimeSpan.FromHours(1)), request.Time);
        Assert.Equal("10.0.0.41", request.ClientAddress);
        Assert.Equal("/rancher/boot.ipxe", request.Path);
        Assert.Equal("mac=52-54-00-24-02-77&ip=10.0.0.41", request.Query);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public void Reads_the_local_time_with_its_offset_west_of_UTC()
    {
        const string line = "10.0.0.41 - - [29/feb/2028:07:05:09 -0530] \"GET /rancher/hosts/52-54-00-24-02-77.yaml HTTP/1.0\" 200 568 \"-\" \"curl/7.88.1\"";

        Assert.True(AccessLogLine.TryParseCombined(line, out AccessLogLine request));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 7, 5, 9, new TimeSpan(-5, -30, 0)), request.Time);
        Assert.Equal("/rancher/hosts/52-54-00-24-02-77.yaml", request.Path);
        Assert.Equal(string.Empty, request.Query);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("10.0.0.41 - - [yesterday] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"")]
    [InlineData("10.0.0.41 - - [06/Dec/2026:23:44:47 +0000] \"-\" 400 0 \"-\" \"-\"")]
    [InlineData("10.0.0.41 - - [30/Feb/2026:23:44:47 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"")]
    [InlineData("10.0.0.41 - - [06/Dez/2026:23:44:47 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"")]
    [InlineData("10.0.0.41 - - [06/Dec/2026:24:44:47 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"")]
    [InlineData("10.0.0.41 - - [06/Dec/2026:23:44:47 +0000] \"GET / HTTP/1.1\" OK 1 \"-\" \"-\"")]
    [InlineData("10.0.0.41 - - [06/Dec/2026:23:44:47 +0000] \"GET / HTTP/1.1\"")]
    public void Skips_what_is_not_a_request_line(string line)
    {
        Assert.False(AccessLogLine.TryParseCombined(line, out _));
    }

    [Fact]
    public void Reads_a_W3C_line_by_its_fields_directive()
    {
        W3cFields fields = W3cFields.Parse("#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status")!;

        Assert.True(AccessLogLine.TryParseW3c("2026-12-01 09:12:00 10.0.0.42 GET /rancher/hosts/52-54-00-ab-00-42.yaml - 200", fields, out AccessLogLine request));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 12, 0, TimeSpan.Zero), request.Time);
        Assert.Equal("/rancher/hosts/52-54-00-ab-00-42.yaml", request.Path);
        Assert.Equal(string.Empty, request.Query);
        Assert.Null(W3cFields.Parse("#Fields: date time cs-uri-stem"));
    }
}
