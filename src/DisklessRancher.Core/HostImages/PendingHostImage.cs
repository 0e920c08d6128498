using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// A host image written in full under a temporary name. <see cref="Complete"/> puts it in place; disposed
    /// without completing, it leaves nothing behind.
    /// </summary>
    public sealed class PendingHostImage : IDisposable
    {
        private readonly HostImageRequest request;
        private readonly PendingImageFile file;
        private readonly ImageHasher hasher;

        internal PendingHostImage(HostImageRequest request, PendingImageFile file, ImageHasher hasher)
        {
            this.request = request;
            this.file = file;
            this.hasher = hasher;
        }

        public string Hostname => request.Hostname;

        /// <summary>What the image differs in from its base beyond the host's files, for the user to know.</summary>
        public IReadOnlyList<string> Warnings => file.Warnings;

        /// <summary>Renames the image into place and hashes it.</summary>
        public DisklessHostImage Complete(CancellationToken cancellationToken)
        {
            file.Commit();
            string path = file.Destination;
            return new DisklessHostImage(request.Hostname, path, new FileInfo(path).Length, ConfigDriveLayout.VolumeLabel,
                request.BaseIsoPath == null ? null : Path.GetFullPath(request.BaseIsoPath),
                request.AgentState?.DockerUuid, request.AgentState?.PhysicalHostUuid, hasher.Sha256(file, cancellationToken));
        }

        public void Dispose() => file.Dispose();
    }
}
