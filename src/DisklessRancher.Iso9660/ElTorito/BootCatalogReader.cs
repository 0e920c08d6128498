using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>Parses the El Torito catalog and looks for a boot-info-table in each boot image.</summary>
    internal static class BootCatalogReader
    {
        private const int EntrySize = 32;
        private const int MaxCatalogBlocks = 16;
        private const int ChecksumStart = 64;

        /// <summary>The boot-info-table's fields inside a boot image (mkisofs -boot-info-table), little-endian dwords.</summary>
        internal const int BootInfoPvdLba = 8, BootInfoFileLba = 12, BootInfoFileLength = 16, BootInfoChecksum = 20;

        /// <summary>Reads the catalog; a bad validation checksum, which Linux and xorriso read past, is added to <paramref name="damage"/>.</summary>
        public static IsoBootCatalog Read(ImageReader image, uint catalogLba, long pvdLba, ICollection<string> damage)
        {
            if (!image.Contains(catalogLba, Ecma119.BlockSize))
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"The El Torito boot catalog LBA {catalogLba} lies outside the image.", 17, 71);
            }
            byte[] block = image.ReadBlock(catalogLba, "El Torito boot catalog");
            CheckValidationEntry(block, catalogLba, damage);

            List<IsoBootEntry> entries = new List<IsoBootEntry>();
            BootPlatform platform = (BootPlatform)block[1];
            string idString = Ecma119.ReadAscii(block, 4, 24);
            entries.Add(new IsoBootEntry(1, true, platform, block, EntrySize));

            int offset = 2 * EntrySize;
            long blockIndex = 0;
            bool lastSection = false;
            while (!lastSection)
            {
                if (offset == Ecma119.BlockSize)
                {
                    if (++blockIndex >= MaxCatalogBlocks || !image.Contains(catalogLba + blockIndex, Ecma119.BlockSize)) break;
                    block = image.ReadBlock(catalogLba + blockIndex, "El Torito boot catalog");
                    offset = 0;
                }
                byte header = block[offset];
                if (header != 0x90 && header != 0x91) break;
                lastSection = header == 0x91;
                BootPlatform sectionPlatform = (BootPlatform)block[offset + 1];
                int count = Ecma119.ReadUInt16LE(block, offset + 2);
                offset += EntrySize;
                for (int i = 0; i < count; i++)
                {
                    if (offset == Ecma119.BlockSize)
                    {
                        if (++blockIndex >= MaxCatalogBlocks || !image.Contains(catalogLba + blockIndex, Ecma119.BlockSize)) return Finish(image, catalogLba, platform, idString, entries, pvdLba);
                        block = image.ReadBlock(catalogLba + blockIndex, "El Torito boot catalog");
                        offset = 0;
                    }
                    byte indicator = block[offset];
                    if (indicator != 0x88 && indicator != 0x00)
                    {
                        throw new IsoFormatException(IsoFormatError.Corrupt,
                            $"El Torito section entry has boot indicator 0x{indicator:X2}.", catalogLba + blockIndex, offset);
                    }
                    entries.Add(new IsoBootEntry(entries.Count + 1, false, sectionPlatform, block, offset));
                    offset += EntrySize;
                    // Section entry extensions (0x44) continue the entry before them.
                    while (offset < Ecma119.BlockSize && block[offset] == 0x44) offset += EntrySize;
                }
            }
            return Finish(image, catalogLba, platform, idString, entries, pvdLba);
        }

        private static IsoBootCatalog Finish(ImageReader image, uint catalogLba, BootPlatform platform, string idString,
            List<IsoBootEntry> entries, long pvdLba)
        {
            // Entries naming the same image share one look (a corrupt catalog may repeat one image many times).
            Dictionary<uint, IsoBootInfoTable?> tables = new Dictionary<uint, IsoBootInfoTable?>();
            foreach (IsoBootEntry entry in entries)
            {
                if (!tables.TryGetValue(entry.LoadLba, out IsoBootInfoTable? table))
                {
                    table = ReadBootInfoTable(image, entry.LoadLba, pvdLba);
                    tables.Add(entry.LoadLba, table);
                }
                entry.BootInfoTable = table;
            }
            return new IsoBootCatalog(catalogLba, platform, idString, entries);
        }

        private static void CheckValidationEntry(byte[] block, long lba, ICollection<string> damage)
        {
            if (block[0] != 1 || block[30] != 0x55 || block[31] != 0xAA)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, "The El Torito validation entry is missing (header id 1, key 55 AA).", lba, 0);
            }
            int sum = 0;
            for (int i = 0; i < EntrySize; i += 2) sum += Ecma119.ReadUInt16LE(block, i);
            if ((sum & 0xFFFF) != 0)
            {
                damage.Add($"The El Torito validation entry checksum does not sum to zero (LBA {lba}).");
            }
        }

        /// <summary>
        /// A table is present when it names the image's own block, a length that fits the image and a block that
        /// holds a Primary Volume Descriptor: the PVD's, or in an image with appended sessions (xorriso -dev) the
        /// PVD of the session that wrote the boot image. Its checksum is then recomputed (dwords from byte 64, a
        /// partial last dword zero-padded).
        /// </summary>
        internal static IsoBootInfoTable? ReadBootInfoTable(ImageReader image, uint loadLba, long pvdLba)
        {
            if (!image.Contains(loadLba, ChecksumStart)) return null;
            byte[] head = new byte[ChecksumStart];
            image.Read((long)loadLba * Ecma119.BlockSize, head, 0, head.Length, "boot image", loadLba);
            uint bootPvd = Ecma119.ReadUInt32LE(head, BootInfoPvdLba), file = Ecma119.ReadUInt32LE(head, BootInfoFileLba);
            uint length = Ecma119.ReadUInt32LE(head, BootInfoFileLength), checksum = Ecma119.ReadUInt32LE(head, BootInfoChecksum);
            if (file != loadLba || length < ChecksumStart || !image.Contains(loadLba, length)) return null;
            if (bootPvd != pvdLba && !HoldsPrimaryDescriptor(image, bootPvd)) return null;
            return new IsoBootInfoTable(bootPvd, file, length, checksum, Checksum(image, loadLba, length));
        }

        private static bool HoldsPrimaryDescriptor(ImageReader image, uint lba)
        {
            if (lba < 16 || !image.Contains(lba, Ecma119.BlockSize)) return false;
            byte[] head = new byte[6];
            image.Read((long)lba * Ecma119.BlockSize, head, 0, head.Length, "volume descriptor", lba);
            return head[VolumeDescriptorLayout.Type] == (byte)VolumeDescriptorType.Primary && VolumeDescriptorLayout.HasStandardId(head);
        }

        internal static uint Checksum(ImageReader image, uint lba, uint length)
        {
            uint sum = 0;
            byte[] buffer = new byte[64 * 1024];
            long position = (long)lba * Ecma119.BlockSize + ChecksumStart;
            long remaining = length - ChecksumStart;
            while (remaining > 0)
            {
                int count = (int)System.Math.Min(buffer.Length, remaining);
                image.Read(position, buffer, 0, count, "boot image", lba);
                int whole = count & ~3;
                for (int i = 0; i < whole; i += 4) sum += Ecma119.ReadUInt32LE(buffer, i);
                if (whole < count)
                {
                    uint tail = 0;
                    for (int i = whole; i < count; i++) tail |= (uint)buffer[i] << (8 * (i - whole));
                    sum += tail;
                }
                position += count;
                remaining -= count;
            }
            return sum;
        }
    }
}
