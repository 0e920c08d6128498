using DisklessRancher.Core.Batches;

namespace DisklessRancher.Core.Tests.Batches;

public sealed class CsvColumnsTests
{
    private static CsvColumns NewColumns() => new(new Dictionary<string, string>
    {
        ["Hostname"] = "Hostname",
        ["Address"] = "Address",
        ["Dns"] = "Dns",
        ["Nameserver"] = "Dns",
        ["Gateway"] = "Gateway",
        ["Mtu"] = "Mtu",
    });

    [Theory]
    [InlineData("Hostname", "Hostname")]
    [InlineData("hostname", "Hostname")]
    [InlineData("Hostname ", "Hostname")]
    [InlineData("  Address", "Address")]
    [InlineData("NAMESERVER", "Dns")]
    [InlineData("Adress", null)]
    public void ColumnsMatchInAnyCaseAfterTrimming(string column, string? parameter) =>
        Assert.Equal(parameter, NewColumns().ParameterOf(column));

    [Fact]
    public void UnknownColumnsAreReportedOnceWithTheNearestParameter()
    {
        CsvColumns columns = NewColumns();
        Assert.Equal(new[] { "'Adress' (did you mean Address?)", "'Dnss' (did you mean Dns?)", "'IP' (did you mean Address?)", "'Gatway' (did you mean Gateway?)", "'Comment'" },
            columns.NewUnknownColumns(new[] { "Hostname", "Adress", "Dnss", "IP", "Gatway", "Comment", "Mtu " }));
        Assert.Empty(columns.NewUnknownColumns(new[] { "Hostname", "Adress", "Dnss", "IP", "Gatway", "Comment" }));
        Assert.Equal(new[] { "'Nameservre' (did you mean Dns?)" }, columns.NewUnknownColumns(new[] { "Nameservre" }));
    }

    [Fact]
    public void AHeaderThatWasNotSplitIsRecognised()
    {
        Assert.Contains("Import-Csv -Delimiter \";\"", CsvColumns.DelimiterProblem(new[] { "Hostname;Address;Dns" }));
        Assert.Contains("Import-Csv -Delimiter \"`t\"", CsvColumns.DelimiterProblem(new[] { "Hostname\tAddress" }));
        Assert.Null(CsvColumns.DelimiterProblem(new[] { "Hostname", "Dns" }));
        Assert.Null(CsvColumns.DelimiterProblem(new[] { "Hostname" }));
    }
}
