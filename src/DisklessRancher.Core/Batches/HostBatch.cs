using System;
using System.Collections.Generic;
using System.IO;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.Batches
{
    /// <summary>
    /// The rules of one batch of hosts (one pipeline): each hostname once, whatever its case; each host the identity
    /// saved for it, or a new one that is announced and saved; and a count of what was made and what failed.
    /// </summary>
    /// <remarks>
    /// Identities are looked up in the store, then in the store older versions kept beside the output
    /// (&lt;output&gt;/state), which is read but never written.
    /// </remarks>
    public sealed class HostBatch
    {
        private readonly HashSet<string> hostnames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> failures = new List<string>();
        private readonly HostStateStore? legacyStore;
        private bool legacyAnnounced;

        /// <param name="legacyStore">Where older versions kept identities by default, when that folder exists.</param>
        public HostBatch(HostStateStore store, HostStateStore? legacyStore)
        {
            Store = store;
            this.legacyStore = legacyStore;
        }

        public HostStateStore Store { get; }

        public int Made { get; private set; }

        public int Failed => failures.Count;

        /// <summary>Counts the next input row; the first is row 1.</summary>
        public int NextRow() => ++Rows;

        public int Rows { get; private set; }

        /// <summary>Takes a valid hostname for this batch; a second host of that name, in any case, is an error.</summary>
        public void Claim(string hostname)
        {
            HostSpecValidator.Hostname(hostname);
            if (!hostnames.Add(hostname))
            {
                throw new HostImageException(HostImageError.DuplicateHostname,
                    $"The hostname {hostname} appears more than once in this batch (hostnames are case-insensitive); each host needs its own image and identity.");
            }
        }

        /// <summary>The identity the host has: the saved one, or a new one that <see cref="Keep"/> will save.</summary>
        /// <param name="imagePath">
        /// The host's image. When the saved folder lacks a file (an older version stopped while saving it) and this
        /// image carries an identity that agrees with what the folder holds, the folder is completed from it.
        /// </param>
        public HostIdentity Identify(string hostname, string? imagePath = null)
        {
            RancherAgentState? saved;
            string folder;
            try
            {
                saved = Store.Find(hostname, out folder);
            }
            catch (HostStateException e) when (e.Error == HostStateError.IncompleteIdentity)
            {
                RancherAgentState? carried = IdentityOnImage(imagePath, e.Folder!);
                if (carried == null) throw;
                return new HostIdentity(hostname, carried, e.Folder, false, new[]
                {
                    $"The identity folder '{e.Folder}' of {hostname} lacks a file; the image '{imagePath}' carries the host's whole identity, so the folder is completed from it.",
                })
                { CompletesFolder = true };
            }
            if (saved != null) return new HostIdentity(hostname, saved, folder, false, new string[0]);

            RancherAgentState? legacy = legacyStore?.Find(hostname, out folder);
            if (legacy != null) return new HostIdentity(hostname, legacy, folder, false, LegacyWarning());

            return new HostIdentity(hostname, RancherAgentState.Generate(), Store.CanonicalFolderOf(hostname), true, new string[0]);
        }

        /// <summary>
        /// Saves a new identity (a known one is returned as it is), with the warning that announces it (and no other
        /// warning: those of <see cref="Identify"/> were shown already). When another
        /// run saved one for the host meanwhile, that one is returned instead.
        /// </summary>
        public HostIdentity Keep(HostIdentity identity)
        {
            if (identity.CompletesFolder) Store.Replace(identity.StatePath!, identity.AgentState);
            if (!identity.IsNew) return new HostIdentity(identity.Hostname, identity.AgentState, identity.StatePath, false, new string[0]);
            RancherAgentState kept = Store.Save(identity.Hostname, identity.AgentState, out string folder);
            if (!ReferenceEquals(kept, identity.AgentState)) return new HostIdentity(identity.Hostname, kept, folder, false, new string[0]);
            return new HostIdentity(identity.Hostname, kept, folder, false, new[]
            {
                $"{identity.Hostname} has no saved identity: a new one was made and saved in '{folder}'. " +
                "If this host has booted before with another identity, it will register with Rancher again as a new host.",
            });
        }

        public void RecordMade() => Made++;

        /// <summary>Records a failed row; <paramref name="hostname"/> may be empty when the row gave none.</summary>
        public void RecordFailed(string? hostname, int row) =>
            failures.Add(string.IsNullOrEmpty(hostname) ? $"input row {row}" : $"{hostname} (input row {row})");

        /// <summary>One line: how many images were made, how many rows failed and which.</summary>
        public string Summary() => Failed == 0
            ? $"{Made} made, none failed."
            : $"{Made} made, {Failed} failed: {string.Join(", ", failures)}.";

        /// <summary>The identity an earlier image of the host carries, when it agrees with what the folder still holds.</summary>
        private static RancherAgentState? IdentityOnImage(string? imagePath, string folder)
        {
            if (imagePath == null || !File.Exists(imagePath)) return null;
            try
            {
                using (IsoImage image = IsoImage.Open(imagePath))
                {
                    RancherAgentState carried = AgentStateImage.Read(image, imagePath);
                    return AgentStateDirectory.Agrees(folder, carried) ? carried : null;
                }
            }
            catch (Exception e) when (e is AgentStateException || e is IsoFormatException || e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private string[] LegacyWarning()
        {
            if (legacyAnnounced) return new string[0];
            legacyAnnounced = true;
            return new[]
            {
                $"Host identities were read from '{legacyStore!.Root}', where older versions kept them beside the images. " +
                $"Move them to the identity store so that every run finds them, wherever it writes its images: " +
                $"New-Item -ItemType Directory -Force -Path '{Store.Root}'; Move-Item -Path '{System.IO.Path.Combine(legacyStore.Root, "*")}' -Destination '{Store.Root}'",
            };
        }
    }
}
