using DisklessRancher.Core.NetBoot;
using DisklessRancher.Tests.Shared;

namespace DisklessRancher.Core.Tests.NetBoot;

public class NetBootLogReaderTests
{
    [Fact]
    public void Keeps_one_machine_per_host_and_per_unknown_machine_from_their_requests_and_reports()
    {
        using TempDirectory temp = new();
        Directory.CreateDirectory(temp.Combine("hosts"));
        File.WriteAllText(temp.Combine("hosts", "52-54-00-ab-00-01.ipxe"), "#!ipxe\n# web-01 52-54-00-ab-00-01\nboot\n");
        File.WriteAllText(temp.Combine("hosts", "uuid-6b1c2a2e-0d55-4b8e-9a51-3f7c5b000001.ipxe"), "#!ipxe\n# web-01 uuid-6b1c2a2e-0d55-4b8e-9a51-3f7c5b000001\nboot\n");
        const string log = """
            10.0.0.9 - - [06/Dec/2026:10:00:00 +0000] "GET /rancher/boot.ipxe?MAC=52-54-00-01-00-07&uuid=00000000-0000-0000-0000-000000000000&serial=&Product=DR%20Box&product=DR%20Box%202&ip=10.0.0.77 HTTP/1.1" 200 534 "-" "iPXE/1.0.0"
            10.0.0.1 - - [06/Dec/2026:10:00:01 +0000] "GET /rancher/hosts/52-54-00-ab-00-01.ipxe HTTP/1.1" 200 595 "-" "iPXE/1.0.0"
            10.0.0.1 - - [06/Dec/2026:10:00:05 +0000] "GET /rancher/hosts/52-54-00-ab-00-01.yaml HTTP/1.1" 200 568 "-" "Go-http-client/1.1"
            10.0.0.1 - - [06/Dec/2026:10:00:09 +0000] "GET /rancher/hosts/52-54-00-ab-00-01.yaml HTTP/1.1" 404 153 "-" "Go-http-client/1.1"
            10.0.0.2 - - [06/Dec/2026:10:01:00 +0000] "GET /rancher/boot.ipxe?mac=52-54-00-ab-00-02&uuid=6B1C2A2E-0D55-4B8E-9A51-3F7C5B000001&manufacturer=DR%20Labs&ip= HTTP/1.1" 200 534 "-" "iPXE/1.0.0"
            10.0.0.9 - - [06/Dec/2026:10:02:00 +0000] "GET /rancher/boot.ipxe?mac=52-54-00-01-00-07&ip=10.0.0.78 HTTP/1.1" 200 534 "-" "iPXE/1.0.0"
            """;
        NetBootLogReader reader = new NetBootLogReader(temp.Path);

        Assert.Equal(5, reader.Read(new StringReader(log)));

        NetBootMachine[] machines = reader.Machines.ToArray();
        Assert.Equal(2, machines.Length);
        NetBootMachine unknown = machines[0];
        Assert.Null(unknown.Hostname);
        Assert.Equal("52:54:00:01:00:07", unknown.MacAddress);
        Assert.Null(unknown.SystemUuid);
        Assert.Null(unknown.SerialNumber);
        Assert.Equal("DR Box 2", unknown.Product);
        Assert.Equal("10.0.0.78", unknown.ClientAddress);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 2, 0, TimeSpan.Zero), unknown.LastSeen);
        NetBootMachine known = machines[1];
        Assert.Equal("web-01", known.Hostname);
        Assert.Equal("52:54:00:ab:00:02", known.MacAddress);
        Assert.Equal("6b1c2a2e-0d55-4b8e-9a51-3f7c5b000001", known.SystemUuid);
        Assert.Equal("DR Labs", known.Manufacturer);
        Assert.Equal("10.0.0.2", known.ClientAddress);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 1, TimeSpan.Zero), known.FirstSeen);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 1, 0, TimeSpan.Zero), known.LastSeen);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 5, TimeSpan.Zero), known.ConfigFetched);
    }
}
