using static DisklessRancher.Core.CloudConfig.GoType;

namespace DisklessRancher.Core.CloudConfig
{
    /// <summary>
    /// The Go types rancher/os v1.5.8 converts a cloud-config into (<see cref="GoType"/>), field by field, each with
    /// the file that declares it, as read from the source at tag v1.5.8. Every field is listed, so that a value under any
    /// key RancherOS knows is checked.
    /// </summary>
    internal static class RancherOsTypes
    {
        private const string ConfigTypes = "config/types.go";
        private const string CommandTypes = "config/yaml/command.go";
        private const string CloudInitFile = "config/cloudinit/config/file.go";
        private const string NetconfTypes = "pkg/netconf/types.go";
        private const string ComposeTypes = "vendor/github.com/docker/libcompose/config/types.go";
        private const string ComposeYaml = "vendor/github.com/docker/libcompose/yaml/types_yaml.go";
        private const string AuthTypes = "vendor/github.com/docker/engine-api/types/auth.go";

        private static readonly GoType Strings = Slice(String);
        private static readonly GoType StringMap = Map(String);

        private static readonly GoType InterfaceConfig = Struct("netconf.InterfaceConfig", NetconfTypes,
            ("match", String), ("dhcp", Bool), ("dhcp_args", String), ("address", String), ("addresses", Strings),
            ("ipv4ll", Bool), ("gateway", String), ("gateway_ipv6", String), ("mtu", Int), ("bridge", String),
            ("bond", String), ("bond_opts", StringMap), ("post_up", Strings), ("pre_up", Strings), ("vlans", String),
            ("wifi_network", String));

        private static readonly GoType NetworkConfig = Struct("netconf.NetworkConfig", NetconfTypes,
            ("pre_cmds", Strings), ("dhcp_timeout", Int),
            ("dns", Struct("netconf.DNSConfig", NetconfTypes, ("nameservers", Strings), ("search", Strings))),
            ("interfaces", Map(InterfaceConfig)), ("post_cmds", Strings), ("http_proxy", String), ("https_proxy", String),
            ("no_proxy", String),
            ("wifi_networks", Map(Struct("netconf.WifiNetworkConfig", NetconfTypes,
                ("address", String), ("gateway", String), ("scan_ssid", Int), ("ssid", String), ("psk", String),
                ("priority", Int), ("pairwise", String), ("group", String), ("eap", String), ("identity", String),
                ("anonymous_identity", String), ("ca_certs", Strings), ("client_certs", Strings), ("private_keys", Strings),
                ("private_key_passwds", Strings), ("phases", Strings), ("eapol_flags", Int), ("key_mgmt", String),
                ("password", String)))),
            ("modem_networks", Map(Struct("netconf.ModemNetworkConfig", NetconfTypes, ("apn", String), ("extra_args", String)))));

        private static readonly GoType EngineOpts = Struct("config.EngineOpts", ConfigTypes,
            ("bridge", String), ("bip", String), ("config_file", String), ("containerd", String), ("debug", Bool),
            ("exec_root", String), ("group", String), ("graph", String), ("host", Strings), ("insecure_registry", Strings),
            ("live_restore", Bool), ("log_driver", String), ("log_opts", StringMap), ("pid_file", String),
            ("registry_mirror", String), ("restart", Bool), ("selinux_enabled", Bool), ("storage_driver", String),
            ("userland_proxy", Bool));

        private static readonly GoType DockerConfig = Struct("config.DockerConfig", ConfigTypes, new[] { EngineOpts },
            ("engine", String), ("tls", Bool), ("tls_args", Strings), ("extra_args", Strings), ("server_cert", String),
            ("server_key", String), ("ca_cert", String), ("ca_key", String), ("environment", Strings),
            ("storage_context", String), ("exec", Bool));

        /// <summary>libcompose's docker-compose v1 service, as rancher.services entries are converted.</summary>
        private static readonly GoType ServiceConfigV1 = Struct("config.ServiceConfigV1", ComposeTypes,
            ("build", String), ("cap_add", Strings), ("cap_drop", Strings), ("cgroup_parent", String), ("cpu_quota", Int),
            ("cpuset", String), ("cpu_shares", Int), ("command", StringOrStrings("yaml.Command", ComposeYaml)),
            ("container_name", String), ("devices", Strings), ("dns", StringOrStrings("yaml.Stringorslice", ComposeYaml)),
            ("dns_search", StringOrStrings("yaml.Stringorslice", ComposeYaml)), ("dockerfile", String), ("domainname", String),
            ("entrypoint", StringOrStrings("yaml.Command", ComposeYaml)), ("env_file", StringOrStrings("yaml.Stringorslice", ComposeYaml)),
            ("environment", StringsOrMap("yaml.MaporEqualSlice", ComposeYaml)), ("hostname", String), ("image", String),
            ("labels", StringMapOrStrings("yaml.SliceorMap", ComposeYaml)), ("links", StringsOrMap("yaml.MaporColonSlice", ComposeYaml)),
            ("log_driver", String), ("mac_address", String), ("mem_limit", Int), ("memswap_limit", Int), ("name", String),
            ("net", String), ("pid", String), ("uts", String), ("ipc", String), ("ports", Strings), ("privileged", Bool),
            ("restart", String), ("read_only", Bool), ("stdin_open", Bool), ("security_opt", Strings), ("tty", Bool),
            ("user", String), ("volume_driver", String), ("volumes", Strings), ("volumes_from", Strings), ("working_dir", String),
            ("expose", Strings), ("external_links", Strings), ("log_opt", StringMap), ("extra_hosts", Strings),
            ("ulimits", Ulimits("yaml.Ulimits", ComposeYaml)));

        private static readonly GoType Services = Map(ServiceConfigV1);

        private static readonly GoType RancherConfig = Struct("config.RancherConfig", ConfigTypes,
            ("console", String), ("environment", StringMap), ("services", Services), ("bootstrap", Services),
            ("cloud_init_services", Services), ("bootstrap_docker", DockerConfig),
            ("cloud_init", Struct("config.CloudInit", ConfigTypes, ("datasources", Strings))),
            ("debug", Bool), ("rm_usr", Bool), ("no_sharedroot", Bool), ("log", Bool), ("force_console_rebuild", Bool),
            ("recovery", Bool), ("disable", Strings), ("services_include", Map(Bool)), ("modules", Strings),
            ("network", NetworkConfig),
            ("repositories", Map(Struct("config.Repository", ConfigTypes, ("url", String)))),
            ("ssh", Struct("config.SSHConfig", ConfigTypes, ("keys", StringMap), ("daemon", Bool), ("port", Int), ("listen_address", String))),
            ("state", Struct("config.StateConfig", ConfigTypes,
                ("directory", String), ("fstype", String), ("dev", String), ("wait", Bool), ("required", Bool),
                ("autoformat", Strings), ("mdadm_scan", Bool), ("lvm_scan", Bool), ("cryptsetup", Bool), ("rngd", Bool),
                ("script", String), ("oem_fstype", String), ("oem_dev", String), ("boot_fstype", String), ("boot_dev", String))),
            ("system_docker", DockerConfig),
            ("upgrade", Struct("config.UpgradeConfig", ConfigTypes, ("url", String), ("image", String), ("rollback", String), ("policy", String))),
            ("docker", DockerConfig),
            ("registry_auths", Map(Struct("types.AuthConfig", AuthTypes))),
            ("defaults", Struct("config.Defaults", ConfigTypes,
                ("hostname", String), ("docker", DockerConfig), ("network", NetworkConfig), ("system_docker_logs", String))),
            ("resize_device", String), ("sysctl", StringMap), ("restart_services", Strings), ("hypervisor_service", Bool),
            ("shutdown_timeout", Int), ("http_load_retries", Int), ("preload_wait", Bool));

        private static readonly GoType File = Struct("config.File", ConfigTypes,
            new[] { Struct("config.File", CloudInitFile, ("encoding", String), ("content", String), ("owner", String), ("path", String), ("permissions", String)) },
            ("container", String));

        private static readonly GoType Command = StringOrStrings("yaml.StringandSlice", CommandTypes);

        /// <summary>config/types.go CloudConfig: the whole document.</summary>
        public static readonly GoType CloudConfig = Struct("config.CloudConfig", ConfigTypes,
            ("ssh_authorized_keys", Strings), ("write_files", Slice(File)), ("hostname", String), ("mounts", Slice(Strings)),
            ("rancher", RancherConfig), ("runcmd", Slice(Command)), ("bootcmd", Slice(Command)));
    }
}
