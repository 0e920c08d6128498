using DisklessRancher.Core.NetBoot;

namespace DisklessRancher.Core.Tests.NetBoot;

public class IpxeWordTests
{
    [Theory]
    [InlineData("&&")]
    [InlineData("||")]
    [InlineData(";")]
    [InlineData("#")]
    [InlineData("#rest")]
    [InlineData("a=${uuid}")]
    [InlineData("${")]
    [InlineData("a\tb")]
    [InlineData("a\u0007")]
    [InlineData("")]
    [InlineData("dr.utf=\u00e9")]
    public void Finds_a_problem_in_a_word_iPXE_reads_as_something_else(string word)
    {
        Assert.NotNull(IpxeWord.Problem(word));
    }

    [Theory]
    [InlineData("a&&b")]
    [InlineData("x||y")]
    [InlineData("a;b")]
    [InlineData("x#y")]
    [InlineData("$HOME")]
    [InlineData("}{")]
    [InlineData("-s")]
    [InlineData("--")]
    [InlineData("end\\")]
    public void Passes_a_word_iPXE_hands_on_as_it_is(string word)
    {
        Assert.Null(IpxeWord.Problem(word));
    }
}
