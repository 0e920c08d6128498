using System;
using System.IO;
using System.Threading;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.IO;
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

        /// <summary>
        /// Renames the image into place and hashes it. Without <see cref="HostImageRequest.Overwrite"/>, a file that
        /// appeared there meanwhile (another run's) is kept and this image is an error.
        /// </summary>
        public DisklessHostImage Complete(CancellationToken cancellationToken)
        {
            string path = file.Destination;
            try
            {
                file.Commit(replace: request.Overwrite);
            }
            catch (IOException) when (!request.Overwrite && File.Exists(path))
            {
                throw new OutputExistsException(path);
            }
            return new DisklessHostImage(request.Hostname, path, new FileInfo(path).Length, ConfigDriveLayout.VolumeLabel,
                request.BaseIsoPath == null ? null : Path.GetFullPath(request.BaseIsoPath),
                request.AgentState?.DockerUuid, request.AgentState?.PhysicalHostUuid, request.StatePath, hasher.Sha256(file, cancellationToken));
        }

        public void Dispose() => file.Dispose();
    }
}
