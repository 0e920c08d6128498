using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Core.IO;
using DisklessRancher.Files;

namespace DisklessRancher.Core.NetBoot
{
    /// <summary>
    /// Publishes a batch of hosts into a network boot tree that any static web server serves as it is: the base's
    /// kernel and initrd once, per host an iPXE script and its user_data, and last the entry point boot.ipxe.
    /// </summary>
    /// <remarks>
    /// Every file is replaced atomically, and only when its bytes change, so republishing the same hosts writes
    /// nothing. The files are not flushed one by one: the tree is made again from the hosts list and the saved
    /// identities, which are what must survive a crash.
    /// </remarks>
    public sealed class NetBootPublisher
    {
        private const string Datasource = "rancher.cloud_init.datasources=[url:{0}]";
        private readonly NetBootLayout layout;
        private readonly NetBootBase bootBase;
        private readonly string kernelFile;
        private readonly string initrdFile;
        private readonly IReadOnlyList<string> kernelArguments;
        private readonly Predicate<string> removeArgument;
        private readonly Dictionary<string, string> claimedNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <exception cref="HostImageException">A kernel argument is not valid, or the base's global.cfg has no APPEND line.</exception>
        /// <exception cref="NetBootException">A word of the kernel line is one that iPXE would not pass on as it is.</exception>
        public NetBootPublisher(NetBootLayout layout, NetBootBase bootBase, IEnumerable<string> kernelArguments, bool disableAutologin, bool removeLocalStateArguments)
        {
            this.layout = layout;
            this.bootBase = bootBase;
            this.kernelArguments = kernelArguments.ToList();
            removeArgument = KernelCommandLine.Removal(disableAutologin, removeLocalStateArguments);
            kernelFile = NetBootLayout.BootFile("vmlinuz", bootBase.Kernel);
            initrdFile = NetBootLayout.BootFile("initrd", bootBase.Initrd);
            CheckForIpxe(CommandLine(layout.UrlOf(NetBootLayout.EntryPoint)));
        }

        /// <summary>Refuses to replace a boot.ipxe or web.config this module did not write, unless <paramref name="force"/>.</summary>
        /// <exception cref="OutputExistsException">Such a file is there.</exception>
        public void CheckEntryPoint(bool force)
        {
            if (force) return;
            foreach (string name in new[] { NetBootLayout.EntryPoint, NetBootLayout.WebConfig })
            {
                string path = layout.PathOf(name);
                if (File.Exists(path) && !File.ReadAllText(path).Contains(NetBootScripts.Marker)) throw new OutputExistsException(path);
            }
        }

        /// <summary>
        /// Removes the temporary files that a publish killed while writing left in the tree (a user_data one holds a
        /// token); those another run is writing stay.
        /// </summary>
        /// <returns>How many were removed.</returns>
        public int RemoveAbandonedFiles() =>
            new[] { layout.Root, layout.PathOf(NetBootLayout.HostsFolder), Path.GetDirectoryName(layout.PathOf(kernelFile))! }
                .Sum(AbandonedTemporaries.Remove);

        /// <summary>Writes the base's kernel and initrd, unless a publish of the same base already did.</summary>
        public void PublishBootFiles()
        {
            WriteOnce(kernelFile, bootBase.Kernel);
            WriteOnce(initrdFile, bootBase.Initrd);
        }

        /// <summary>
        /// Takes a host's selectors into the batch: parsed, and each new to the batch whatever its notation (serial
        /// numbers whatever their case). Selectors taken in, even by a row that then fails, are not stale.
        /// </summary>
        /// <exception cref="NetBootException">No selector is given, one is malformed, or one is already in the batch.</exception>
        /// <param name="row">How errors name the row that claims them.</param>
        public BootSelectors Claim(string? macAddress, string? systemUuid, string? serialNumber, string row)
        {
            BootSelectors selectors = BootSelectors.Parse(macAddress, systemUuid, serialNumber);
            if (selectors.MacName != null && claimedNames.TryGetValue(selectors.MacName, out string? earlier))
            {
                throw new NetBootException(NetBootError.DuplicateMacAddress,
                    $"The MAC address {selectors.MacAddress} of {row} is already that of {earlier} in this batch; each network card boots one host.");
            }
            if (selectors.UuidName != null && claimedNames.TryGetValue(selectors.UuidName, out earlier))
            {
                throw new NetBootException(NetBootError.DuplicateSystemUuid,
                    $"The SystemUuid {selectors.SystemUuid} of {row} is already that of {earlier} in this batch; each machine boots one host.");
            }
            if (selectors.SerialName != null && claimedNames.TryGetValue(selectors.SerialName, out earlier))
            {
                throw new NetBootException(NetBootError.DuplicateSerialNumber,
                    $"The SerialNumber '{selectors.SerialNumber}' of {row} is already that of {earlier} in this batch (case aside); each machine boots one host.");
            }
            foreach (string name in selectors.Names) claimedNames[name] = row;
            return selectors;
        }

        /// <summary>
        /// Writes the host's user_data (kept to its owner: it holds the token), then its scripts, one per selector:
        /// each boots with that user_data, or, when <paramref name="netBoot"/> is false, sends the machine to its next
        /// boot device. Hosts already claimed may be published on several threads at once.
        /// </summary>
        public NetBootHost Publish(string hostname, BootSelectors selectors, bool netBoot, byte[] userData, RancherAgentState? agentState)
        {
            string userDataUrl = layout.UrlOf(NetBootLayout.HostUserData(selectors.PrimaryName));
            byte[] script = netBoot
                ? NetBootScripts.Host(hostname, selectors.PrimaryName, layout.UrlOf(kernelFile), layout.UrlOf(initrdFile), CommandLine(userDataUrl))
                : NetBootScripts.NotBooted(hostname, selectors.PrimaryName);
            bool updated = WriteIfChanged(NetBootLayout.HostUserData(selectors.PrimaryName), userData, ownerOnly: true);
            foreach (string name in selectors.Names) updated |= WriteIfChanged(NetBootLayout.HostScript(name), script, ownerOnly: false);
            return new NetBootHost(hostname, selectors, netBoot, layout.UrlOf(NetBootLayout.HostScript(selectors.PrimaryName)), userDataUrl,
                agentState?.DockerUuid, agentState?.PhysicalHostUuid, updated);
        }

        /// <summary>The hosts whose files are in the tree but that this batch did not take in.</summary>
        public IReadOnlyList<StaleHost> FindStale()
        {
            string folder = layout.PathOf(NetBootLayout.HostsFolder);
            if (!Directory.Exists(folder)) return new StaleHost[0];
            return Directory.EnumerateFiles(folder)
                .Where(path => path.EndsWith(NetBootLayout.ScriptExtension, StringComparison.Ordinal) || path.EndsWith(NetBootLayout.UserDataExtension, StringComparison.Ordinal))
                .GroupBy(path => Path.GetFileNameWithoutExtension(path), StringComparer.Ordinal)
                .Where(host => !claimedNames.ContainsKey(host.Key))
                .OrderBy(host => host.Key, StringComparer.Ordinal)
                .Select(host => new StaleHost(host.Key, NetBootScripts.HostnameIn(Path.Combine(folder, host.Key + NetBootLayout.ScriptExtension)), host.ToList()))
                .ToList();
        }

        /// <summary>Deletes a stale host's files, its script first so that it no longer boots.</summary>
        public void Remove(StaleHost host)
        {
            foreach (string path in host.Files.OrderBy(p => p.EndsWith(NetBootLayout.ScriptExtension, StringComparison.Ordinal) ? 0 : 1)) File.Delete(path);
        }

        /// <summary>Writes web.config and then boot.ipxe, the entry point, last of all.</summary>
        public void PublishEntryPoint()
        {
            WriteIfChanged(NetBootLayout.WebConfig, NetBootScripts.WebConfig(), ownerOnly: false);
            WriteIfChanged(NetBootLayout.EntryPoint, NetBootScripts.EntryPoint(layout), ownerOnly: false);
        }

        /// <summary>The base's APPEND line, edited as for images, with the url datasource that fetches the user_data.</summary>
        private IReadOnlyList<string> CommandLine(string userDataUrl)
        {
            string datasource = string.Format(System.Globalization.CultureInfo.InvariantCulture, Datasource, userDataUrl);
            string edited = KernelCommandLine.Edit(bootBase.GlobalCfg, kernelArguments.Concat(new[] { datasource }), removeArgument);
            return KernelCommandLine.Arguments(edited);
        }

        private void CheckForIpxe(IEnumerable<string> commandLine)
        {
            foreach (string word in commandLine)
            {
                string? problem = IpxeWord.Problem(word);
                if (problem == null) continue;
                string source = kernelArguments.Contains(word) ? "Leave it out of -KernelArgument" : "It comes from the base image's /boot/global.cfg";
                throw new NetBootException(NetBootError.InvalidKernelArgument,
                    $"The kernel argument '{word}' cannot be written into an iPXE script: {problem}. {source}.");
            }
        }

        private void WriteOnce(string relative, NetBootFile file)
        {
            FileInfo existing = new FileInfo(layout.PathOf(relative));
            if (existing.Exists && existing.Length == file.Length) return;
            Write(relative, file.CopyTo, ownerOnly: false);
        }

        private bool WriteIfChanged(string relative, byte[] content, bool ownerOnly)
        {
            string path = layout.PathOf(relative);
            if (File.Exists(path) && new FileInfo(path).Length == content.Length && File.ReadAllBytes(path).SequenceEqual(content)) return false;
            Write(relative, stream => stream.Write(content, 0, content.Length), ownerOnly);
            return true;
        }

        private void Write(string relative, Action<Stream> writeContent, bool ownerOnly)
        {
            string path = layout.PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, writeContent, replace: true, ownerOnly: ownerOnly, flushToDisk: false);
        }
    }
}
