using System;
using System.IO;
using System.Threading;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Builds a new image from files given by path: ISO 9660 (level 2 names) with Rock Ridge 1.12 (NM, PX,
    /// TF) and a Joliet tree, both with L and M path tables. Content streams are read when the image is written.
    /// Modes are permission bits, e.g. <c>Convert.ToInt32("600", 8)</c>.
    /// </summary>
    public sealed class IsoBuilder
    {
        private const uint FirstFreeBlock = 16 + 3;
        private readonly TwinTrees trees;
        private readonly DateTimeOffset timestamp;
        private bool ownerOnly;
        private string label;

        /// <param name="volumeLabel">The volume label: 1 to 16 printable ASCII characters (the Joliet limit).</param>
        /// <param name="timestamp">The time recorded for every entry and the volume; now when omitted.</param>
        public IsoBuilder(string volumeLabel, DateTimeOffset? timestamp = null)
        {
            CheckLabel(volumeLabel);
            label = volumeLabel;
            this.timestamp = timestamp ?? DateTimeOffset.UtcNow;
            var rockRidge = RockRidgeProfile.Rrip112();
            var primary = new NodeTree(new LayoutNode(string.Empty, true, Ecma119.RecordDate(this.timestamp)), false, rockRidge);
            var dot = RockRidgeEntries.ForNewEntry(rockRidge, null, true, new PosixAttributes(TwinTrees.DefaultDirectoryMode, 0, 0, this.timestamp));
            dot.Insert(0, RockRidgeEntries.Sp());
            dot.Add(RockRidgeEntries.Er112());
            primary.Root.DotSystemUse = dot;
            var joliet = new NodeTree(new LayoutNode(string.Empty, true, Ecma119.RecordDate(this.timestamp)), true, null);
            trees = new TwinTrees(primary, joliet);
        }

        public IsoBuilder AddFile(string path, byte[] content, int mode = TwinTrees.DefaultFileMode)
        {
            trees.PutFile(path, FileData.FromBytes(content), mode, timestamp);
            return this;
        }

        /// <summary>
        /// Makes the output readable and writable by its owner only (mode 0600 on Unix) before any added byte is
        /// written to it: for images that carry secrets.
        /// </summary>
        public IsoBuilder RestrictToOwner()
        {
            ownerOnly = true;
            return this;
        }

        /// <summary>Adds the rest of a seekable stream (from its current position); it is read by <see cref="Write"/>.</summary>
        public IsoBuilder AddFile(string path, Stream content, int mode = TwinTrees.DefaultFileMode)
        {
            trees.PutFile(path, FileData.FromStream(content), mode, timestamp);
            return this;
        }

        public IsoBuilder AddDirectory(string path, int mode = TwinTrees.DefaultDirectoryMode)
        {
            trees.AddDirectory(path, mode, timestamp);
            return this;
        }

        public IsoBuilder SetVolumeLabel(string volumeLabel)
        {
            CheckLabel(volumeLabel);
            label = volumeLabel;
            return this;
        }

        /// <summary>A valid label that also fits the Joliet volume identifier (16 characters).</summary>
        private static void CheckLabel(string volumeLabel)
        {
            IsoVolumeLabel.Validate(volumeLabel);
            if (volumeLabel.Length > IsoVolumeLabel.MaxJolietLength)
            {
                throw new IsoLabelException(IsoLabelError.TooLongForJoliet,
                    $"The label '{volumeLabel}' has {volumeLabel.Length} characters; the Joliet label holds {IsoVolumeLabel.MaxJolietLength}.");
            }
        }

        /// <summary>Writes the image to a temporary file beside <paramref name="outputPath"/>, then renames it into place.</summary>
        public void Write(string outputPath, IProgress<IsoWriteProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            using (var pending = WritePending(outputPath, progress, cancellationToken))
            {
                pending.Commit();
            }
        }

        /// <summary>
        /// Writes the image in full to a temporary file beside <paramref name="outputPath"/> and leaves it there for
        /// the caller to <see cref="PendingImageFile.Commit"/>; on failure or cancellation the temporary file is deleted.
        /// </summary>
        public PendingImageFile WritePending(string outputPath, IProgress<IsoWriteProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var layout = ImageLayout.Plan(trees.All, FirstFreeBlock);
            uint volumeBlocks = layout.EndLba;
            var counter = new ProgressCounter(progress, (long)volumeBlocks * Ecma119.BlockSize);
            var output = AtomicOutputFile.Create(outputPath, ownerOnly);
            try
            {
                var system = new byte[16 * Ecma119.BlockSize];
                output.Stream.Write(system, 0, system.Length);
                counter.Advance(system.Length);
                var pvd = VolumeDescriptorWriter.NewPrimary(timestamp);
                var svd = VolumeDescriptorWriter.NewJoliet(timestamp);
                VolumeDescriptorWriter.PointAt(pvd, layout.Trees[0], volumeBlocks);
                VolumeDescriptorWriter.PointAt(svd, layout.Trees[1], volumeBlocks);
                VolumeDescriptorWriter.SetLabel(pvd, label, joliet: false);
                VolumeDescriptorWriter.SetLabel(svd, label, joliet: true);
                foreach (var descriptor in new[] { pvd, svd, VolumeDescriptorWriter.Terminator() })
                {
                    output.Stream.Write(descriptor, 0, descriptor.Length);
                    counter.Advance(descriptor.Length);
                }
                MetadataWriter.Write(output.Stream, layout, new byte[1 << 20], counter.Advance, cancellationToken);
                return new PendingImageFile(output, Path.GetFullPath(outputPath));
            }
            catch
            {
                output.Dispose();
                throw;
            }
        }
    }
}
