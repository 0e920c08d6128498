using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Walks the volume descriptor set from LBA 16 to its terminator; no position other than 16 is assumed. Blocks
    /// without the CD001 identifier are passed over, not listed.
    /// </summary>
    internal static class VolumeDescriptorSetReader
    {
        public const long FirstLba = 16;
        private const int MaxDescriptors = 256;

        public static IReadOnlyList<VolumeDescriptor> Read(ImageReader image) => Read(image, out _);

        /// <summary>The descriptors, and the block of the terminator that ends the set.</summary>
        public static IReadOnlyList<VolumeDescriptor> Read(ImageReader image, out long terminatorLba)
        {
            if (image.Length < (FirstLba + 1) * Ecma119.BlockSize)
            {
                throw new IsoFormatException(IsoFormatError.NotAnIso,
                    $"The file is {image.Length} bytes long, too short to hold the volume descriptor at LBA 16.");
            }

            List<VolumeDescriptor> descriptors = new List<VolumeDescriptor>();
            for (long lba = FirstLba; ; lba++)
            {
                if ((lba + 1) * Ecma119.BlockSize > image.Length)
                {
                    throw new IsoFormatException(IsoFormatError.Truncated, "The image ends inside the volume descriptor set (no terminator).", lba);
                }
                byte[] raw = image.ReadBlock(lba, "volume descriptor");
                if (!VolumeDescriptorLayout.HasStandardId(raw))
                {
                    if (lba == FirstLba) throw new IsoFormatException(IsoFormatError.NotAnIso, "No ISO 9660 volume descriptor (CD001) at LBA 16.", lba, VolumeDescriptorLayout.StandardId);
                    // Linux isofs skips blocks it does not recognise (another standard's descriptors, a stray
                    // "CD002") and reads on to the terminator.
                    if (lba - FirstLba >= MaxDescriptors) throw new IsoFormatException(IsoFormatError.Corrupt, "The volume descriptor set ends without a terminator.", lba, VolumeDescriptorLayout.StandardId);
                    continue;
                }
                VolumeDescriptorType type = (VolumeDescriptorType)raw[VolumeDescriptorLayout.Type];
                if (type == VolumeDescriptorType.Terminator)
                {
                    terminatorLba = lba;
                    break;
                }
                descriptors.Add(Create(lba, raw, type));
                if (descriptors.Count > MaxDescriptors)
                {
                    throw new IsoFormatException(IsoFormatError.Corrupt, $"More than {MaxDescriptors} volume descriptors without a terminator.", lba);
                }
            }

            IsoVolumeDescriptor? primary = null;
            foreach (VolumeDescriptor d in descriptors)
            {
                if (d is IsoVolumeDescriptor v && v.IsPrimary) { primary = v; break; }
            }
            if (primary == null) throw new IsoFormatException(IsoFormatError.NotAnIso, "The volume descriptor set has no Primary Volume Descriptor.", FirstLba);
            if (primary.LogicalBlockSize != Ecma119.BlockSize)
            {
                throw new IsoFormatException(IsoFormatError.Unsupported, $"Logical block size {primary.LogicalBlockSize} (only 2048 is supported).", primary.Lba, VolumeDescriptorLayout.LogicalBlockSize);
            }
            if ((long)primary.VolumeSpaceSize * Ecma119.BlockSize > image.Length)
            {
                throw new IsoFormatException(IsoFormatError.Truncated,
                    $"The volume is {primary.VolumeSpaceSize} blocks but the file holds only {image.BlockCount}.", primary.Lba, VolumeDescriptorLayout.VolumeSpaceSize);
            }
            return descriptors;
        }

        private static VolumeDescriptor Create(long lba, byte[] raw, VolumeDescriptorType type)
        {
            switch (type)
            {
                case VolumeDescriptorType.Primary:
                case VolumeDescriptorType.Supplementary:
                    return new IsoVolumeDescriptor(lba, raw);
                case VolumeDescriptorType.BootRecord:
                    return new BootRecordDescriptor(lba, raw);
                default:
                    return new VolumeDescriptor(lba, raw);
            }
        }
    }
}
