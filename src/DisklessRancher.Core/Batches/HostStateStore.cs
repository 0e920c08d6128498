using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Files;

namespace DisklessRancher.Core.Batches
{
    /// <summary>
    /// Keeps each host's agent identity in a folder of its own (&lt;root&gt;/&lt;hostname&gt;/), so that rebuilding a
    /// host's image keeps the host the same host. Hostnames are case-insensitive: a folder is found whatever the
    /// case of its name, and a new one is named in lowercase.
    /// </summary>
    /// <remarks>
    /// The store and every identity in it are kept to their owner (<see cref="OwnerOnly"/>). An identity is
    /// complete or absent: its files are written into a hidden temporary folder, which is then
    /// renamed into place (a rename that never replaces a folder another run saved first). Saved identities reach
    /// the disk together in <see cref="FlushToDisk"/>: while images are being written back, every single flush waits
    /// for the disk, so one per file would cost more than the images themselves.
    /// Identities of different hosts may be found and saved on several threads at once.
    /// </remarks>
    public sealed class HostStateStore
    {
        private const int ConcurrentFlushes = 16;
        private readonly List<string> unflushed = new List<string>();
        private readonly object sync = new object();
        private Dictionary<string, List<string>>? folders;

        public HostStateStore(string root)
        {
            Root = root;
        }

        public string Root { get; }

        /// <summary>The store of the current user: a folder in the platform's per-user data folder.</summary>
        public static string DefaultRoot()
        {
            string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(data))
            {
                throw new HostStateException(HostStateError.NoDefaultStore,
                    "This account has no per-user data folder to keep host identities in; give -StateDirectory.");
            }
            return Path.Combine(data, "DisklessRancher", "state");
        }

        /// <summary>Refuses a state folder that is a symbolic link to nothing, naming both.</summary>
        /// <returns><paramref name="root"/>.</returns>
        public static string CheckRoot(string root)
        {
            string? target = RealPath.DanglingLinkTarget(root);
            if (target != null)
            {
                throw new HostStateException(HostStateError.DanglingLink,
                    $"The state folder '{root}' is a symbolic link to '{target}', which does not exist; make the folder it points to, or give the real folder.", root);
            }
            return root;
        }

        /// <summary>The folder a new identity of <paramref name="hostname"/> is saved in.</summary>
        public string CanonicalFolderOf(string hostname) => Path.Combine(Root, hostname.ToLowerInvariant());

        /// <summary>
        /// The saved identity of the host, or null when it has none. A folder that lacks a file or holds a
        /// malformed one is an error with the fix, never an identity; so are two folders differing only by case.
        /// </summary>
        public RancherAgentState? Find(string hostname, out string folder)
        {
            string? found = FindFolder(hostname);
            folder = found ?? CanonicalFolderOf(hostname);
            if (found == null) return null;
            try
            {
                return AgentStateDirectory.Read(found);
            }
            catch (AgentStateException e)
            {
                throw new HostStateException(HostStateError.IncompleteIdentity,
                    $"The identity folder '{found}' of {hostname} is incomplete or damaged ({e.Message}); a run was probably stopped while saving it. " +
                    $"If no image made with this identity has booted, remove the folder (Remove-Item -LiteralPath '{found}' -Recurse -Force) and run again for a new identity; " +
                    $"otherwise restore its three files from the host's image (Import-RancherAgentState -IsoPath <image> | Export-RancherAgentState -Path '{found}' -Force).", found, e);
            }
        }

        /// <summary>
        /// Saves a new identity for the host. When another run saved one first, that one is kept and returned, so
        /// every image of the host carries the same identity.
        /// </summary>
        public RancherAgentState Save(string hostname, RancherAgentState state, out string folder)
        {
            folder = CanonicalFolderOf(hostname);
            string temporary = TemporaryName.Beside(folder);
            OwnerOnly.CreateDirectory(Root);
            try
            {
                IReadOnlyList<string> files = AgentStateDirectory.WriteNew(temporary, state);
                try
                {
                    Directory.Move(temporary, folder);
                }
                catch (IOException) when (Directory.Exists(folder))
                {
                    return AgentStateDirectory.Read(folder);
                }
                lock (sync)
                {
                    foreach (string file in files) unflushed.Add(Path.Combine(folder, Path.GetFileName(file)));
                    List<string> known = Index(hostname);
                    if (!known.Contains(folder)) known.Add(folder);
                }
                return state;
            }
            finally
            {
                if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            }
        }

        /// <summary>Replaces an incomplete identity folder with the complete identity, written beside it first.</summary>
        public void Replace(string folder, RancherAgentState state)
        {
            string complete = TemporaryName.Beside(folder);
            string incomplete = TemporaryName.Beside(folder);
            try
            {
                IReadOnlyList<string> files = AgentStateDirectory.WriteNew(complete, state);
                Directory.Move(folder, incomplete);
                try
                {
                    Directory.Move(complete, folder);
                }
                catch (IOException)
                {
                    Directory.Move(incomplete, folder);
                    throw;
                }
                lock (sync)
                {
                    foreach (string file in files) unflushed.Add(Path.Combine(folder, Path.GetFileName(file)));
                }
            }
            finally
            {
                foreach (string temporary in new[] { complete, incomplete })
                {
                    if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
                }
            }
        }

        /// <summary>Removes the temporary folders of saves whose run has ended without finishing them.</summary>
        public void RemoveAbandonedSaves() => AbandonedTemporaries.Remove(Root);

        /// <summary>Waits until every identity saved so far is on disk.</summary>
        /// <remarks>
        /// The flushes run side by side: the file system then commits many of them at once, where one after another
        /// each waits for its own commit (3,000 files: about 5 times faster here).
        /// </remarks>
        public void FlushToDisk()
        {
            string[] files;
            lock (sync)
            {
                files = unflushed.ToArray();
                unflushed.Clear();
            }
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentFlushes }, AtomicFile.FlushToDisk);
        }

        private string? FindFolder(string hostname)
        {
            List<string> matches;
            lock (sync) matches = Index(hostname).ToList();
            if (matches.Count > 1)
            {
                throw new HostStateException(HostStateError.FoldersDifferOnlyByCase,
                    $"The identity of {hostname} is saved twice, in folders whose names differ only by case: '{string.Join("' and '", matches)}'. " +
                    "Hostnames are case-insensitive: keep the folder of the identity the host has booted with and remove the other.");
            }
            return matches.Count == 1 && Directory.Exists(matches[0]) ? matches[0] : null;
        }

        /// <summary>The folders named like the host, in any case; the store is listed once. Call it holding the lock.</summary>
        private List<string> Index(string hostname)
        {
            if (folders == null)
            {
                folders = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                if (Directory.Exists(Root))
                {
                    foreach (string path in Directory.EnumerateDirectories(Root))
                    {
                        string name = Path.GetFileName(path);
                        if (name.StartsWith(".", StringComparison.Ordinal)) continue;
                        if (!folders.TryGetValue(name, out List<string>? same)) folders.Add(name, same = new List<string>());
                        same.Add(path);
                    }
                }
            }
            if (!folders.TryGetValue(hostname, out List<string>? matches)) folders.Add(hostname, matches = new List<string>());
            return matches;
        }
    }
}
