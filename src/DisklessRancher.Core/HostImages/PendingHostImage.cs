using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
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
        private const int BufferSize = 1 << 20;
        private readonly HostImageRequest request;
        private readonly PendingImageFile file;

        internal PendingHostImage(HostImageRequest request, PendingImageFile file)
        {
            this.request = request;
            this.file = file;
        }

        public string Hostname => request.Hostname;

        /// <summary>Makes the image durable, renames it into place readable by its owner only, and hashes it.</summary>
        public DisklessHostImage Complete(CancellationToken cancellationToken)
        {
            file.Commit();
            string path = file.Destination;
            // The image carries the registration token and the signed registration URL: keep it to its owner.
            UnixPermissions.SetOwnerReadWrite(path);
            return new DisklessHostImage(request.Hostname, path, new FileInfo(path).Length, ConfigDriveLayout.VolumeLabel,
                request.BaseIsoPath == null ? null : Path.GetFullPath(request.BaseIsoPath),
                request.AgentState?.DockerUuid, request.AgentState?.PhysicalHostUuid, Sha256Of(path, cancellationToken));
        }

        public void Dispose() => file.Dispose();

        private static string Sha256Of(string path, CancellationToken cancellationToken)
        {
            using (SHA256 sha = SHA256.Create())
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
            {
                byte[] buffer = new byte[BufferSize];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    sha.TransformBlock(buffer, 0, read, null, 0);
                }
                sha.TransformFinalBlock(buffer, 0, 0);
                StringBuilder hex = new StringBuilder(64);
                foreach (byte b in sha.Hash!) hex.Append(b.ToString("x2"));
                return hex.ToString();
            }
        }
    }
}
