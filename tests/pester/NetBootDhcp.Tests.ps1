BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    . "$PSScriptRoot/NetBoot.ps1"

    function Get-ReadmeRecipe {
        # The fenced block that follows the first line of the README starting with $Title.
        param([Parameter(Mandatory)] [string] $Title)
        $readme = Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot '../../README.md')
        $at = $readme.IndexOf("`n$Title")
        if ($at -lt 0 -or $readme.Substring($at) -notmatch '(?s)\n```[a-z]*\n(.*?)\n```') { throw "The README has no recipe after '$Title'." }
        $Matches[1]
    }

    function Invoke-Ip {
        & ip @args
        if ($LASTEXITCODE -ne 0) { throw "ip $($args -join ' ') failed." }
    }

    function Start-Dnsmasq {
        # Runs dnsmasq in a network namespace with -Recipe as its whole configuration (a README recipe's example TFTP
        # folder and URL replaced by the test's), logging what it hands out.
        param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Namespace, [Parameter(Mandatory)] [string] $Recipe)
        $config = Join-Path $work "$Name.conf"
        Set-Content -LiteralPath $config -Value $Recipe.Replace('/srv/tftp', $tftp).Replace('http://boot.lab.example.org/rancher', $baseUrl)
        $server = [pscustomobject]@{ Pid = Join-Path $work "$Name.pid"; Log = Join-Path $work "$Name.log" }
        & ip netns exec $Namespace dnsmasq --conf-file=$config --pid-file=$($server.Pid) --log-facility=$($server.Log) --log-dhcp `
            --dhcp-leasefile=$(Join-Path $work "$Name.leases")
        if ($LASTEXITCODE -ne 0) { throw "dnsmasq $Name did not start: $(Get-Content -Raw -LiteralPath $server.Log -ErrorAction Ignore)" }
        $server
    }

    function Stop-Dnsmasq {
        param([object[]] $Servers)
        foreach ($server in $Servers | Where-Object { $_ }) {
            $id = Get-Content -LiteralPath $server.Pid -ErrorAction Ignore
            if ($id) { Stop-Process -Id $id -ErrorAction Ignore; Wait-Process -Id $id -Timeout 10 -ErrorAction Ignore }
        }
    }

    function Start-TapBoot {
        # Boots a machine on a tap device of the boot network (tests/fixtures/boot/boot-tap.sh): under SeaBIOS with
        # QEMU's iPXE ROM, or, given -KernelTap, under OVMF with the firmware's own PXE, its kernel then on a second NIC.
        param([Parameter(Mandatory)] [string] $Tap, [Parameter(Mandatory)] [string] $Mac, [string] $KernelTap, [string] $KernelMac,
            [int] $TimeoutSec = 300)
        $options = if ($KernelTap) { @('--uefi', $KernelTap, $KernelMac) } else { @() }
        Start-Boot 'boot-tap.sh' ($options + @($bootNamespace, $Tap, $Mac, $TimeoutSec))
    }

    function Start-MachineBoots {
        # The BIOS host's machine and the UEFI host's machine, started together.
        @{
            Bios = Start-TapBoot -Tap tap1 -Mac 52:54:00:25:05:01
            Uefi = Start-TapBoot -Tap tap2 -Mac 52:54:00:25:05:02 -KernelTap tap3 -KernelMac 52:54:00:25:05:12
        }
    }

    function Assert-HostBooted {
        # The machine got boot.ipxe and reached its host's kernel with the kernel line of the host's script (iPXE's EFI
        # build puts the kernel's file name first), then fetched the host's user_data.
        param([Parameter(Mandatory)] [object] $Boot, [Parameter(Mandatory)] [string] $Hostname, [switch] $Uefi)
        $Boot.Done | Should -BeTrue -Because $Boot.Console
        $Boot.Console | Should -Match ([regex]::Escape("Filename: $baseUrl/boot.ipxe"))
        $mac = ($hosts | Where-Object Hostname -eq $Hostname).MacAddress
        $hostScript = Get-Content -LiteralPath (Join-Path $www "rancher/hosts/$($mac.Replace(':', '-')).ipxe")
        $line = (($hostScript | Where-Object { $_ -like 'kernel *' }) -split ' ', 3)[2]
        $Boot.CommandLine | Should -BeExactly $(if ($Uefi) { "$kernelFile $line" } else { $line })
        $Boot.Hostname | Should -Be $Hostname
    }

    # The boot network 192.168.10.0/24 of the README's recipes, inside network namespaces of this test: the boot
    # server (nginx, TFTP, the README's dnsmasq) at 192.168.10.1 on a bridge with the machines' tap devices, and the
    # network's own router and DHCP server (beside proxy-DHCP) at 192.168.10.254 in a namespace of its own.
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "netboot-dhcp-$PID"
    $script:bootNamespace = "disklessrancher-boot-$PID"
    $script:lanNamespace = "disklessrancher-lan-$PID"
    $script:unavailable = $null
    if (-not (Test-Path -LiteralPath /dev/net/tun)) {
        $script:unavailable = 'this machine has no /dev/net/tun for tap devices'
        return
    }
    $refused = & ip netns add $bootNamespace 2>&1
    if ($LASTEXITCODE -ne 0) {
        $script:unavailable = "this account cannot make a network namespace ($refused)"
        return
    }
    Invoke-Ip netns add $lanNamespace
    Invoke-Ip -n $bootNamespace link set lo up
    Invoke-Ip -n $bootNamespace link add br0 type bridge
    Invoke-Ip -n $bootNamespace addr add 192.168.10.1/24 dev br0
    Invoke-Ip -n $bootNamespace link set br0 up
    foreach ($tap in 'tap1', 'tap2', 'tap3') {
        Invoke-Ip -n $bootNamespace tuntap add dev $tap mode tap
        Invoke-Ip -n $bootNamespace link set $tap master br0 up
    }
    Invoke-Ip -n $bootNamespace link add lan0 type veth peer name lan1 netns $lanNamespace
    Invoke-Ip -n $bootNamespace link set lan0 master br0 up
    Invoke-Ip -n $lanNamespace addr add 192.168.10.254/24 dev lan1
    Invoke-Ip -n $lanNamespace addr add fd00:10::fe/64 dev lan1 nodad
    Invoke-Ip -n $lanNamespace link set lan1 up

    $script:tftp = Join-Path $work 'tftp'
    $null = New-Item -ItemType Directory -Path $tftp -Force
    # The network's router announces an IPv6 prefix, as most routers do. Without any router, iPXE (the 2019 build
    # Debian ships) and OVMF's PXE wait about 12 s for one before they go on (the README's Troubleshooting), on
    # every machine, and iPXE spins a processor all the while.
    $script:router = Start-Dnsmasq -Name router -Namespace $lanNamespace -Recipe "port=0`nenable-ra`ndhcp-range=::,constructor:lan1,ra-only"
    Copy-Item -LiteralPath /usr/lib/ipxe/undionly.kpxe, /usr/lib/ipxe/ipxe.efi -Destination $tftp
    Copy-Item -LiteralPath /usr/lib/ipxe/undionly.kpxe -Destination (Join-Path $tftp 'undionly.0')

    $script:www = Join-Path $work 'www'
    $script:baseUrl = 'http://192.168.10.1/rancher'
    $script:hosts = @(
        [pscustomobject]@{ Hostname = 'dhcp-bios'; MacAddress = '52:54:00:25:05:01' }
        [pscustomobject]@{ Hostname = 'dhcp-uefi'; MacAddress = '52:54:00:25:05:02' }
    )
    $base = (New-BootableRancherOsTestIso -Path (Join-Path $work 'rancheros.iso')).FullName
    $null = $hosts | New-DisklessHostNetBoot -BaseIso $base -OutputDirectory (Join-Path $www 'rancher') -BaseUrl $baseUrl `
        -StateDirectory (Join-Path $work 'state') -WarningAction SilentlyContinue
    $nginxRecipe = (Get-ReadmeRecipe '**Serving the folder with nginx:**').Replace('/srv/www/', "$www/")
    $script:server = Start-TestNginx -Folder (Join-Path $work 'nginx') -Server $nginxRecipe -NetworkNamespace $bootNamespace
    $script:kernelFile = (Get-ChildItem -LiteralPath (Join-Path $www 'rancher/boot') -Filter 'vmlinuz-*.bin').Name
}

AfterAll {
    Stop-Boot
    Stop-Dnsmasq $router
    Stop-TestNginx $server
    if ($bootNamespace) { & ip netns del $bootNamespace 2>$null }
    if ($lanNamespace) { & ip netns del $lanNamespace 2>$null }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The README''s dnsmasq recipe, as the network''s DHCP server' -Tag 'Boot' {
    BeforeAll {
        if ($unavailable) { return }
        $script:dhcp = Start-Dnsmasq -Name dhcp -Namespace $bootNamespace -Recipe (Get-ReadmeRecipe '**dnsmasq, as the network''s DHCP server:**')
        $script:boots = Start-MachineBoots
    }

    AfterAll {
        Stop-Boot
        Stop-Dnsmasq $dhcp
    }

    It 'boots a BIOS machine, whose NIC ROM is iPXE and so gets boot.ipxe at once, with its host''s kernel line' {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable }
        Assert-HostBooted (Receive-Boot $boots.Bios) -Hostname dhcp-bios
    }

    It 'boots a UEFI machine: its firmware''s PXE loads ipxe.efi over TFTP, which asks again as iPXE and gets boot.ipxe' {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable }
        $boot = Receive-Boot $boots.Uefi
        Assert-HostBooted $boot -Hostname dhcp-uefi -Uefi
        $boot.Console | Should -Match 'NBP filename is ipxe\.efi'
        $boot.Console | Should -Match 'Features: DNS HTTP iSCSI NFS TFTP SRP AoE EFI Menu' -Because 'Debian''s ipxe.efi has no HTTPS either'
        Get-Content -Raw -LiteralPath $dhcp.Log | Should -Match 'sent .*/ipxe\.efi to 192\.168\.10\.'
    }
}

Describe 'The README''s proxy-DHCP recipe, beside a DHCP server that gives addresses only' -Tag 'Boot' {
    BeforeAll {
        if ($unavailable) { return }
        $script:lan = Start-Dnsmasq -Name lan -Namespace $lanNamespace -Recipe "port=0`ndhcp-range=192.168.10.100,192.168.10.199,12h"
        $script:proxy = Start-Dnsmasq -Name proxy -Namespace $bootNamespace -Recipe (Get-ReadmeRecipe '**dnsmasq as proxy-DHCP**')
        $script:boots = Start-MachineBoots
    }

    AfterAll {
        Stop-Boot
        Stop-Dnsmasq $lan, $proxy
    }

    It 'boots a BIOS machine with its address from the other server and boot.ipxe from dnsmasq' {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable }
        $boot = Receive-Boot $boots.Bios
        Assert-HostBooted $boot -Hostname dhcp-bios
        $boot.Console | Should -Match 'gw 192\.168\.10\.254'
    }

    It 'boots a UEFI machine, loading ipxe.efi from the proxy''s TFTP, with its host''s kernel line' {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable }
        $boot = Receive-Boot $boots.Uefi
        Assert-HostBooted $boot -Hostname dhcp-uefi -Uefi
        $boot.Console | Should -Match 'NBP filename is ipxe\.efi'
        Get-Content -Raw -LiteralPath $proxy.Log | Should -Match 'sent .*/ipxe\.efi to 192\.168\.10\.'
        Get-Content -Raw -LiteralPath $lan.Log | Should -Match 'DHCPACK\(lan1\) 192\.168\.10\.\d+ 52:54:00:25:05:02'
    }
}

Describe 'https with a private CA and the iPXE Debian ships' -Tag 'Boot' {
    BeforeAll {
        if ($unavailable) { return }
        # The README's nginx recipe with its https lines, a certificate for 192.168.10.1 from a CA made here.
        $tls = Join-Path $work 'tls'
        $null = New-Item -ItemType Directory -Path $tls -Force
        $script:ca = Join-Path $tls 'ca.crt'
        & openssl req -x509 -newkey rsa:2048 -nodes -keyout (Join-Path $tls 'ca.key') -out $ca -days 1 -subj '/CN=DisklessRancher test CA' 2>$null
        & openssl req -newkey rsa:2048 -nodes -keyout (Join-Path $tls 'server.key') -out (Join-Path $tls 'server.csr') -subj '/CN=192.168.10.1' 2>$null
        Set-Content -LiteralPath (Join-Path $tls 'san') -Value 'subjectAltName=IP:192.168.10.1'
        $certificate = & openssl x509 -req -in (Join-Path $tls 'server.csr') -CA $ca -CAkey (Join-Path $tls 'ca.key') -CAcreateserial -days 1 `
            -extfile (Join-Path $tls 'san') 2>$null
        if ($LASTEXITCODE -ne 0) { throw 'openssl could not make the server certificate.' }
        # The server's certificate, then the CA's, as the recipe says.
        Set-Content -LiteralPath (Join-Path $tls 'server.crt') -Value (@($certificate) + @(Get-Content -LiteralPath $ca))
        $recipe = (Get-ReadmeRecipe '**Serving the folder with nginx:**') -replace '(?m)^\s*listen 80;.*\n' -replace '(?m)^(\s*)# (listen 443 ssl|ssl_certificate)', '$1$2'
        $recipe = $recipe.Replace('/srv/www/', "$www/").Replace('/etc/nginx/boot.lab.example.org', (Join-Path $tls 'server'))
        $script:https = Start-TestNginx -Folder (Join-Path $work 'nginx-https') -Server $recipe -NetworkNamespace $bootNamespace
        $script:httpsUrl = 'https://192.168.10.1/rancher'
        $script:fetched = & ip netns exec $bootNamespace curl -sS --cacert $ca "$httpsUrl/boot.ipxe" 2>&1

        $recipe = (Get-ReadmeRecipe '**dnsmasq, as the network''s DHCP server:**').Replace('http://boot.lab.example.org/rancher', $httpsUrl)
        $script:httpsDhcp = Start-Dnsmasq -Name https -Namespace $bootNamespace -Recipe $recipe
        $script:httpsBoot = Start-TapBoot -Tap tap1 -Mac 52:54:00:25:05:01 -TimeoutSec 120
    }

    AfterAll {
        Stop-Boot
        Stop-Dnsmasq $httpsDhcp
        Stop-TestNginx $https
    }

    It 'serves the tree over https to a client that trusts the CA' {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable }
        $fetched -join "`n" | Should -BeExactly (Get-Content -Raw -LiteralPath (Join-Path $www 'rancher/boot.ipxe')).TrimEnd("`n")
    }

    It 'cannot fetch boot.ipxe over https: that iPXE has no HTTPS and says so, and boots nothing' {
        if ($unavailable) { Set-ItResult -Skipped -Because $unavailable }
        $boot = Receive-Boot $httpsBoot
        $boot.Console | Should -Match 'Features: DNS HTTP iSCSI NFS TFTP AoE ELF MBOOT PXE bzImage Menu PXEXT'
        $boot.Console | Should -Match ([regex]::Escape("Filename: $httpsUrl/boot.ipxe") + '\s+Could not start download: Operation not supported \(http://ipxe\.org/3c092003\)')
        $boot.CommandLine | Should -BeNullOrEmpty
    }
}
