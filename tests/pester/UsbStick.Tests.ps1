# Host images written to USB sticks: booted in QEMU as USB mass storage (qemu-xhci + usb-storage) under SeaBIOS
# and OVMF, the guest must find config-2 on the stick and get user_data and the state files byte-exact. The guest
# also looks for the label once, as RancherOS v1.5.8's cloud-init-save does, and the tests say whether the stick
# was there in time.
BeforeAll {
    . "$PSScriptRoot/Common.ps1"

    $url = 'http://rancher.example:8080/v1/scripts/0123456789ABCDEF:1514678400000:abcdefghij'
    $bases = Get-BootBases
    $rancherOs = Get-BootableBaseIso

    $out = Join-Path $TestDrive 'sticks'
    $state = Join-Path $TestDrive 'state'
    $made = @{
        'rancheros'    = New-DisklessHostIso -Hostname usb-rancheros -BaseIso $rancherOs -OutputDirectory $out -RegistrationUrl $url -StateDirectory $state -WarningAction SilentlyContinue
        'gpt-appended' = New-DisklessHostIso -Hostname usb-gpt -BaseIso (Join-Path $bases 'gpt-appended.iso') -OutputDirectory $out -RegistrationUrl $url -StateDirectory $state -WarningAction SilentlyContinue
        # A stick the kernel scans at once (usb-storage.delay_use=0), and one it scans 4 s late, as a slow stick behind a hub shows up.
        'no-delay'     = New-DisklessHostIso -Hostname usb-no-delay -BaseIso $rancherOs -KernelArgument 'usb-storage.delay_use=0' -OutputDirectory $out -RegistrationUrl $url -StateDirectory $state -WarningAction SilentlyContinue
        'slow'         = New-DisklessHostIso -Hostname usb-slow -BaseIso $rancherOs -KernelArgument 'usb-storage.delay_use=4' -OutputDirectory $out -RegistrationUrl $url -StateDirectory $state -WarningAction SilentlyContinue
    }
    $script:images = $made

    # The boots are independent: they run side by side, as many as the shared boot slots allow.
    $boots = @(
        @{ Kind = 'rancheros'; Firmware = 'bios' }
        @{ Kind = 'gpt-appended'; Firmware = 'bios' }
        @{ Kind = 'gpt-appended'; Firmware = 'uefi' }
        @{ Kind = 'no-delay'; Firmware = 'bios' }
        @{ Kind = 'slow'; Firmware = 'bios' }
    )
    $started = @{}
    foreach ($boot in $boots) {
        $started["$($boot.Kind)/$($boot.Firmware)"] = Start-IsoBoot -Path $made[$boot.Kind].Path -As usb -Firmware $boot.Firmware -TimeoutSec 420
    }
    $script:results = @{}
    foreach ($key in @($started.Keys)) { $results[$key] = Receive-Boot $started[$key] }

    function Get-UserDataHash([string] $Path) {
        $bytes = Get-IsoItemContent -LiteralPath $Path -ItemPath /openstack/latest/user_data -AsByteStream -Raw
        (Get-FileHash -InputStream ([IO.MemoryStream]::new($bytes))).Hash.ToLowerInvariant()
    }

    function Get-StateHex([string] $Path, [string] $Name) {
        ConvertTo-HexString (Get-IsoItemContent -LiteralPath $Path -ItemPath "/state/$Name" -AsByteStream -Raw)
    }
}

AfterAll {
    Stop-Boot
}

Describe 'Host images on USB sticks' -Tag 'Boot' {
    It 'boots the <Kind> host image from a USB stick under <Firmware>: config-2 is found on the stick, user_data and state arrive byte-exact' -ForEach @(
        @{ Kind = 'rancheros'; Firmware = 'bios' }
        @{ Kind = 'gpt-appended'; Firmware = 'bios' }
        @{ Kind = 'gpt-appended'; Firmware = 'uefi' }
    ) {
        $image = $images[$Kind]
        $boot = $results["$Kind/$Firmware"]
        $boot.Done | Should -BeTrue -Because $boot.Console
        # The stick is the only disk: a USB disk seen by sd_mod, its partition 1 labelled config-2.
        $boot.ConfigDrive | Should -Match '^/dev/sd[a-z]1?$' -Because $boot.Console
        $boot.Console | Should -Match 'usb-storage .*USB Mass Storage device detected'
        $boot.UserDataSha256 | Should -Be (Get-UserDataHash $image.Path)
        $boot.FailedCommand | Should -BeNullOrEmpty
        foreach ($name in '.docker_uuid', '.physical_host_uuid', '.registration_token') {
            $boot.State[$name] | Should -Be (Get-StateHex $image.Path $name) -Because $name
        }
        $inTime = if ($boot.OneLook -eq 'none') { 'NOT there' } else { "there ($($boot.OneLook))" }
        Write-Host "  $Kind/${Firmware}: at RancherOS's one look for LABEL=config-2 the stick was $inTime."
    }

    It 'shows what RancherOS''s one look misses: a stick scanned late is not there when the label is looked for, though the image is right' {
        $boot = $results['slow/bios']
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.UsbDelay | Should -Be '4'
        $boot.OneLook | Should -Be 'none' -Because 'the kernel scans the stick 4 s after it appears, after the boot has settled'
        $boot.ConfigDrive | Should -Match '^/dev/sd[a-z]1?$' -Because 'a later look finds it'
        $boot.UserDataSha256 | Should -Be (Get-UserDataHash $images['slow'].Path)
    }

    It 'finds the stick at the one look with -KernelArgument usb-storage.delay_use=0 in the boot menu' {
        $boot = $results['no-delay/bios']
        $boot.Done | Should -BeTrue -Because $boot.Console
        $boot.CommandLine | Should -Match '(^| )usb-storage\.delay_use=0( |$)'
        $boot.UsbDelay | Should -Be '0'
        $boot.OneLook | Should -Match '^/dev/sd[a-z]1?$' -Because $boot.Console
        $boot.UserDataSha256 | Should -Be (Get-UserDataHash $images['no-delay'].Path)
    }
}
