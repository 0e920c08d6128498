using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;
using DisklessRancher.Core.HostImages.Verification;
using DisklessRancher.Core.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>
    /// Makes one host's image: the base image with the host's user_data and agent state appended and the volume
    /// labelled config-2 (every boot path of the base kept), or a config-drive-only image holding just those files.
    /// The base is only read; the output appears complete or not at all.
    /// </summary>
    /// <remarks>
    /// One composer makes one batch, and may make several of its images at once from different threads.
    /// <see cref="Write"/> writes the image under a temporary name and returns it pending;
    /// <see cref="PendingHostImage.Complete"/> renames and hashes it. The images of a batch carry one time stamp, so
    /// those made from one base are alike up to the base's end and that part is hashed once; the base is read once for
    /// them, and again only when its file changes. Every image is kept to
    /// its owner, since it carries the registration token and the signed registration URL.
    /// </remarks>
    public sealed class HostImageComposer : IDisposable
    {
        private const string UserDataPath = "/" + ConfigDriveLayout.UserDataPath;
        private const string StateFolder = "/" + ConfigDriveLayout.StateFolder;
        private const int UserDataMode = 0x1A4; // 0644
        private const int StateFileMode = 0x180; // 0600
        private readonly DateTimeOffset timestamp = DateTimeOffset.UtcNow;
        private readonly ImageHasher hasher = new ImageHasher();
        private readonly object baseGate = new object();
        private RemasterBase? lastBase;

        public PendingHostImage Write(HostImageRequest request, IProgress<IsoWriteProgress>? progress, CancellationToken cancellationToken)
        {
            string output = Path.GetFullPath(request.OutputPath);
            if (!request.Overwrite && File.Exists(output))
            {
                throw new OutputExistsException(output);
            }

            PendingImageFile file;
            if (request.BaseIsoPath == null)
            {
                file = WriteConfigDrive(request, output, progress, cancellationToken);
            }
            else
            {
                string baseIso = Path.GetFullPath(request.BaseIsoPath);
                if (SameFile.Check(baseIso, output))
                {
                    throw new HostImageException(HostImageError.OutputIsBase, $"The image for {request.Hostname} would overwrite its base image '{baseIso}'; the base is never modified.");
                }
                file = WriteRemaster(request, baseIso, output, progress, cancellationToken);
            }
            try
            {
                PendingImageCheck.Run(file, request.Hostname);
            }
            catch
            {
                file.Dispose();
                throw;
            }
            return new PendingHostImage(request, file, hasher);
        }

        public void Dispose() => hasher.Dispose();

        private PendingImageFile WriteConfigDrive(HostImageRequest request, string output, IProgress<IsoWriteProgress>? progress, CancellationToken cancellationToken)
        {
            if (request.EditsKernelCommandLine)
            {
                throw new HostImageException(HostImageError.NoKernelCommandLine, "A config-drive-only image has no boot files: -KernelArgument, -DisableAutologin and -RemoveLocalStateArgument need a base image.");
            }
            IsoBuilder builder = new IsoBuilder(ConfigDriveLayout.VolumeLabel, timestamp).RestrictToOwner();
            foreach (DriveFile file in DriveFiles(request)) builder.AddFile(file.Path, file.Content, file.Mode);
            return builder.WritePending(output, progress, cancellationToken);
        }

        private PendingImageFile WriteRemaster(HostImageRequest request, string baseIso, string output, IProgress<IsoWriteProgress>? progress, CancellationToken cancellationToken)
        {
            IsoRemaster remaster = new IsoRemaster(ReadBase(baseIso), timestamp).RestrictToOwner();
            if (!remaster.HasRockRidge)
            {
                throw new HostImageException(HostImageError.BaseWithoutRockRidge,
                    $"The base image '{baseIso}' has no Rock Ridge: Linux would show the host's files under plain ISO 9660 names " +
                    "('_docker_uuid.' for .docker_uuid) or, through Joliet, without their owner-only mode, so the host would not find its identity " +
                    "or would show its token to every user. Make the base again from its files with Rock Ridge, e.g. " +
                    "'xorriso -as mkisofs -R -J ...' or 'genisoimage -R -J ...' with the boot options it had (RancherOS's own ISO has Rock Ridge).");
            }
            if (request.EditsKernelCommandLine)
            {
                foreach (KeyValuePair<string, byte[]> file in BootConfigFiles.Edit(baseIso, request)) remaster.AddFile(file.Key, file.Value);
            }

            // A base that is already a host image: its state goes, and its user_data is replaced below.
            if (remaster.Contains(StateFolder)) remaster.Remove(StateFolder);
            foreach (DriveFile file in DriveFiles(request)) remaster.AddFile(file.Path, file.Content, file.Mode);
            remaster.SetVolumeLabel(ConfigDriveLayout.VolumeLabel);
            return remaster.WritePending(output, progress, cancellationToken);
        }

        /// <summary>The base as read for an earlier image of the batch, unless the file has changed since.</summary>
        private RemasterBase ReadBase(string baseIso)
        {
            lock (baseGate)
            {
                if (lastBase == null || lastBase.Path != baseIso || !lastBase.IsUnchanged()) lastBase = RemasterBase.Read(baseIso);
                return lastBase;
            }
        }

        /// <summary>The files of the config drive: user_data, and the agent state when it travels on the drive.</summary>
        private static IEnumerable<DriveFile> DriveFiles(HostImageRequest request)
        {
            yield return new DriveFile(UserDataPath, request.UserData, UserDataMode);
            if (!request.StateOnDrive || request.AgentState == null) yield break;
            foreach (AgentStateFile file in request.AgentState.GetFiles())
            {
                yield return new DriveFile(StateFolder + "/" + file.Name, file.GetContent(), StateFileMode);
            }
        }

        private readonly struct DriveFile
        {
            public DriveFile(string path, byte[] content, int mode)
            {
                Path = path;
                Content = content;
                Mode = mode;
            }

            public string Path { get; }

            public byte[] Content { get; }

            public int Mode { get; }
        }
    }
}
