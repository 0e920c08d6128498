using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using DisklessRancher.Files;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Remasters an existing image by appending. The output starts as a byte copy of the base (made by the
    /// operating system's file copy); every extent of the base stays where it is (boot catalog, boot images,
    /// kernel, initrd, the system area's code); new file data, both new directory trees and their path tables go
    /// after the old end. The PVD and every Joliet SVD are rewritten in place to point at them, the partition that
    /// maps the volume (MBR, GPT) is grown to cover the image, padded to a whole MiB, and the data of files that
    /// were replaced or removed is zeroed. Rock Ridge
    /// entries of kept files are carried over; new entries get NM, PX and TF in the base's Rock Ridge version.
    /// The base is only ever opened for reading.
    /// Modes are permission bits, e.g. <c>Convert.ToInt32("600", 8)</c>.
    /// </summary>
    public sealed class IsoRemaster
    {
        private const int BufferSize = 1 << 16;
        private const int SystemAreaBytes = 16 * Ecma119.BlockSize;
        private readonly string basePath;
        private readonly long baseLength;
        private readonly byte[] basePrimary;
        private readonly IReadOnlyList<(long Lba, byte[] Bytes, long SessionStart)> descriptors;
        private readonly TwinTrees trees;
        private readonly StaleExtents staleExtents;
        private readonly List<long> udfRecognition;
        private readonly List<string> warnings;
        private readonly List<string> newFiles = new List<string>();
        private readonly DateTimeOffset timestamp;
        private bool ownerOnly;
        private string? label;

        /// <summary>Reads the base image's descriptors and trees; the file is closed again before this returns.</summary>
        /// <param name="baseIsoPath">The image to start from.</param>
        /// <param name="timestamp">The time recorded for new entries and as the volume's modification time; now when omitted.</param>
        public IsoRemaster(string baseIsoPath, DateTimeOffset? timestamp = null)
            : this(RemasterBase.Read(baseIsoPath ?? throw new ArgumentNullException(nameof(baseIsoPath))), timestamp)
        {
        }

        /// <summary>Starts from a base read before, which several remasters (one per output) may share.</summary>
        /// <param name="baseImage">The base, as <see cref="RemasterBase.Read"/> gave it.</param>
        /// <param name="timestamp">The time recorded for new entries and as the volume's modification time; now when omitted.</param>
        public IsoRemaster(RemasterBase baseImage, DateTimeOffset? timestamp = null)
        {
            if (baseImage == null) throw new ArgumentNullException(nameof(baseImage));
            basePath = baseImage.Path;
            baseLength = baseImage.Length;
            basePrimary = baseImage.Primary;
            descriptors = baseImage.Descriptors;
            trees = baseImage.NewTrees();
            staleExtents = baseImage.StaleExtents;
            udfRecognition = baseImage.UdfRecognition;
            warnings = new List<string>(baseImage.Warnings);
            this.timestamp = timestamp ?? DateTimeOffset.UtcNow;
        }

        /// <summary>What the output will differ in from the base beyond the edits asked for, for the user to know.</summary>
        public IReadOnlyList<string> Warnings => warnings;

        /// <summary>True when the base has a Joliet tree (then labels are limited to 16 characters).</summary>
        public bool HasJoliet => trees.Joliet != null;

        /// <summary>True when the base has Rock Ridge (then new entries get Rock Ridge names and modes too).</summary>
        public bool HasRockRidge => trees.Primary.RockRidge != null;

        /// <summary>Adds a file, or replaces the one at that path (keeping its ISO 9660 name).</summary>
        public IsoRemaster AddFile(string path, byte[] content, int mode = TwinTrees.DefaultFileMode)
        {
            trees.PutFile(path, FileData.FromBytes(content), mode, timestamp);
            newFiles.Add(path);
            return this;
        }

        /// <summary>Adds or replaces a file with the rest of a seekable stream (from its current position), read by <see cref="Write"/>.</summary>
        public IsoRemaster AddFile(string path, Stream content, int mode = TwinTrees.DefaultFileMode)
        {
            trees.PutFile(path, FileData.FromStream(content), mode, timestamp);
            newFiles.Add(path);
            return this;
        }

        /// <summary>Adds a directory and any missing parents; an existing directory is left as it is.</summary>
        public IsoRemaster AddDirectory(string path, int mode = TwinTrees.DefaultDirectoryMode)
        {
            trees.AddDirectory(path, mode, timestamp);
            return this;
        }

        /// <summary>Removes a file or a directory with everything under it, from both trees.</summary>
        /// <exception cref="FileNotFoundException">The image has no entry at that path.</exception>
        public IsoRemaster Remove(string path)
        {
            if (!trees.Remove(path)) throw new FileNotFoundException($"The image has no entry '{path}'.", path);
            newFiles.RemoveAll(added => !trees.Contains(added));
            return this;
        }

        /// <summary>True when the image (as edited so far) has an entry at that path.</summary>
        public bool Contains(string path) => trees.Contains(path);

        /// <summary>
        /// Makes the output readable and writable by its owner only (mode 0600 on Unix) before any added byte is
        /// written to it: for images that carry secrets.
        /// </summary>
        public IsoRemaster RestrictToOwner()
        {
            ownerOnly = true;
            return this;
        }

        /// <summary>Sets the label of the PVD and of every Joliet SVD.</summary>
        public IsoRemaster SetVolumeLabel(string volumeLabel)
        {
            IsoVolumeLabel.Validate(volumeLabel);
            if (HasJoliet && volumeLabel.Length > IsoVolumeLabel.MaxJolietLength)
            {
                throw new IsoLabelException(IsoLabelError.TooLongForJoliet,
                    $"The label '{volumeLabel}' has {volumeLabel.Length} characters; the image's Joliet label holds {IsoVolumeLabel.MaxJolietLength}.");
            }
            label = volumeLabel;
            return this;
        }

        /// <summary>
        /// Writes the remastered image to a temporary file beside <paramref name="outputPath"/> and renames it
        /// into place when complete; on failure or cancellation the temporary file is deleted. Memory use does
        /// not grow with the size of the image.
        /// </summary>
        public void Write(string outputPath, IProgress<IsoWriteProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            using (var pending = WritePending(outputPath, progress, cancellationToken))
            {
                pending.Commit();
            }
        }

        /// <summary>
        /// Writes the remastered image in full to a temporary file beside <paramref name="outputPath"/>, reads it
        /// back, and leaves it there for the caller to <see cref="PendingImageFile.Commit"/>; on failure or
        /// cancellation the temporary file is deleted.
        /// </summary>
        /// <exception cref="IsoOutputException">The base's partitions cannot cover the grown volume, or the image read back lacks a new file in one of its trees.</exception>
        public PendingImageFile WritePending(string outputPath, IProgress<IsoWriteProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            PartitionTableResizer? partitions;
            using (var source = new FileStream(basePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            {
                partitions = PartitionTableResizer.Read(CheckUnchanged(source), source, basePath);
            }
            var layout = ImageLayout.Plan(trees.All, Ecma119.BlocksFor(baseLength));
            long dataEnd = (long)layout.EndLba * Ecma119.BlockSize;
            long length = partitions?.Plan(dataEnd) ?? dataEnd;
            var counter = new ProgressCounter(progress, length);
            var buffer = new byte[BufferSize];
            cancellationToken.ThrowIfCancellationRequested();
            var baseWriteTime = File.GetLastWriteTimeUtc(basePath);
            var output = AtomicFile.CreateCopyOf(basePath, outputPath, ownerOnly);
            // Every write that lands inside the copied base is recorded: there is no other way to write to the copy.
            var stream = new RecordingStream(output.Stream, output.Stream.Length);
            try
            {
                if (stream.Length != baseLength || File.GetLastWriteTimeUtc(basePath) != baseWriteTime)
                {
                    throw new InvalidOperationException($"The base image '{basePath}' changed while it was copied.");
                }
                counter.Advance(baseLength);
                cancellationToken.ThrowIfCancellationRequested();
                // The gap before the new metadata and the padding after the data are never written: the file system
                // gives zeros there (a hole), and a block-cloning one then has only the metadata to store per image.
                // The file takes its full length before anything is written past the base's end: XFS writes back
                // the dirty pages beyond a file's size on disk before it grows the file.
                output.Stream.SetLength(length);
                stream.Position = (long)layout.StartLba * Ecma119.BlockSize;
                counter.Advance(stream.Position - baseLength);
                MetadataWriter.Write(stream, layout, buffer, counter.Advance, cancellationToken);
                counter.Advance(length - dataEnd);
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var (offset, count) in staleExtents.Find(trees.All, baseLength))
                {
                    stream.Position = offset;
                    WriteZeros(stream, count, buffer);
                }
                foreach (long lba in udfRecognition)
                {
                    stream.Position = lba * Ecma119.BlockSize;
                    WriteZeros(stream, Ecma119.BlockSize, buffer);
                }
                PointDescriptors(stream, layout, (uint)((partitions?.VolumeBytes ?? dataEnd) / Ecma119.BlockSize));
                partitions?.Apply(stream);
                var readBack = OutputCheck.Run(stream, basePath, newFiles, trees.Primary.RockRidge != null, trees.Joliet != null);
                var prefix = new BasePrefix(basePath, baseLength, baseWriteTime, stream.Writes);
                return new PendingImageFile(output, Path.GetFullPath(outputPath), prefix, warnings, readBack);
            }
            catch
            {
                output.Dispose();
                throw;
            }
        }

        private byte[] CheckUnchanged(FileStream source)
        {
            var head = new byte[SystemAreaBytes];
            var primary = new byte[Ecma119.BlockSize];
            source.Position = 0;
            ImageReader.ReadExactly(source, head, "the system area");
            source.Position = descriptors[0].Lba * Ecma119.BlockSize;
            ImageReader.ReadExactly(source, primary, "the primary volume descriptor");
            if (source.Length != baseLength || !Ecma119.BytesEqual(primary, 0, basePrimary))
            {
                throw new InvalidOperationException($"The base image '{basePath}' changed after it was read.");
            }
            return head;
        }

        private void PointDescriptors(Stream output, ImageLayout layout, uint volumeBlocks)
        {
            foreach (var (lba, bytes, sessionStart) in descriptors)
            {
                var descriptor = (byte[])bytes.Clone();
                bool primary = descriptor[VolumeDescriptorLayout.Type] == (byte)VolumeDescriptorType.Primary;
                // A session's copy counts its size from the session's start, as xorriso writes it.
                VolumeDescriptorWriter.PointAt(descriptor, primary ? layout.Trees[0] : layout.Trees[1], (uint)(volumeBlocks - sessionStart));
                VolumeDescriptorWriter.SetModified(descriptor, timestamp);
                if (label != null) VolumeDescriptorWriter.SetLabel(descriptor, label, joliet: !primary);
                output.Position = lba * Ecma119.BlockSize;
                output.Write(descriptor, 0, descriptor.Length);
            }
        }

        private static void WriteZeros(Stream output, long count, byte[] buffer)
        {
            Array.Clear(buffer, 0, buffer.Length);
            while (count > 0)
            {
                int n = (int)Math.Min(buffer.Length, count);
                output.Write(buffer, 0, n);
                count -= n;
            }
        }
    }
}
