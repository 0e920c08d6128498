using System;
using System.Collections.Generic;
using System.IO;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// Grows the partitions of an (isohybrid) MBR, and of a GPT when present, that reach the end of the old
    /// volume so that they cover the grown image, and pads the image to a whole cylinder (1 MiB with the
    /// usual 64 heads x 32 sectors) as xorriso and isohybrid do. The GPT backup header and entries move to the
    /// new end; both CRCs are recomputed.
    /// </summary>
    internal sealed class PartitionTableResizer
    {
        private const int Sector = 512;
        private const int MbrTable = 446;
        private const int GptBackupSectors = 33;
        private readonly byte[] systemArea;
        private readonly long oldVolumeSectors;
        private readonly List<int> growing;
        private readonly int heads;
        private readonly int sectorsPerTrack;

        private PartitionTableResizer(byte[] systemArea, long oldVolumeSectors, List<int> growing)
        {
            this.systemArea = systemArea;
            this.oldVolumeSectors = oldVolumeSectors;
            this.growing = growing;
            // The geometry is read back from the CHS end of a partition that ends on a cylinder boundary.
            int entry = MbrTable + 16 * growing[0];
            int head = systemArea[entry + 5], sector = systemArea[entry + 6] & 0x3F;
            bool plausible = sector > 0 && head > 0;
            heads = plausible ? head + 1 : 64;
            sectorsPerTrack = plausible ? sector : 32;
        }

        private bool HasGpt => Bytes.Equal(systemArea, Sector, new[] { (byte)'E', (byte)'F', (byte)'I', (byte)' ', (byte)'P', (byte)'A', (byte)'R', (byte)'T' });

        /// <summary>A resizer for the base's system area, or null when no MBR partition reaches the end of the old volume.</summary>
        public static PartitionTableResizer? Read(byte[] systemArea, long oldVolumeBytes)
        {
            if (systemArea[510] != 0x55 || systemArea[511] != 0xAA) return null;
            long oldSectors = oldVolumeBytes / Sector;
            var growing = new List<int>();
            for (int i = 0; i < 4; i++)
            {
                int entry = MbrTable + 16 * i;
                long start = Bytes.UInt32LE(systemArea, entry + 8), count = Bytes.UInt32LE(systemArea, entry + 12);
                if (count > 0 && start < oldSectors && start + count >= oldSectors) growing.Add(i);
            }
            return growing.Count == 0 ? null : new PartitionTableResizer(systemArea, oldSectors, growing);
        }

        /// <summary>The image length once padded to whole cylinders (with room for a GPT backup at the end).</summary>
        public long PaddedLength(long dataEnd)
        {
            long cylinder = (long)heads * sectorsPerTrack * Sector;
            long minimum = dataEnd + (HasGpt ? GptBackupSectors * Sector : 0);
            return (minimum + cylinder - 1) / cylinder * cylinder;
        }

        /// <summary>Rewrites the partition tables in <paramref name="output"/>, an image now <paramref name="length"/> bytes long.</summary>
        public void Apply(Stream output, long length)
        {
            long sectors = length / Sector;
            var mbr = (byte[])systemArea.Clone();
            foreach (int i in growing)
            {
                int entry = MbrTable + 16 * i;
                long start = Bytes.UInt32LE(mbr, entry + 8);
                if (Bytes.UInt32LE(mbr, entry + 12) == uint.MaxValue) continue;
                long count = Math.Min(uint.MaxValue, sectors - start);
                IsoBytes.Le32(mbr, entry + 12, (uint)count);
                WriteChsEnd(mbr, entry, start + count - 1);
            }
            output.Position = 0;
            output.Write(mbr, 0, Sector);
            if (HasGpt) ResizeGpt(output, sectors);
        }

        private void WriteChsEnd(byte[] mbr, int entry, long lastSector)
        {
            long perCylinder = (long)heads * sectorsPerTrack;
            long cylinder = lastSector / perCylinder;
            long head = lastSector / sectorsPerTrack % heads;
            long sector = lastSector % sectorsPerTrack + 1;
            if (cylinder > 1023)
            {
                cylinder = 1023;
                head = heads - 1;
                sector = sectorsPerTrack;
            }
            mbr[entry + 5] = (byte)head;
            mbr[entry + 6] = (byte)(sector | ((cylinder >> 2) & 0xC0));
            mbr[entry + 7] = (byte)cylinder;
        }

        private void ResizeGpt(Stream output, long sectors)
        {
            var header = new byte[Sector];
            Buffer.BlockCopy(systemArea, Sector, header, 0, Sector);
            uint headerSize = Bytes.UInt32LE(header, 12);
            long entriesLba = (long)Bytes.UInt64LE(header, 72);
            uint count = Bytes.UInt32LE(header, 80), size = Bytes.UInt32LE(header, 84);
            long entryBytes = (long)count * size;
            if (headerSize < 92 || headerSize > Sector || size < 128 || entryBytes > 1 << 20 || entriesLba < 2)
            {
                throw new IsoFormatException(IsoFormatError.Unsupported, "The GPT header has fields this writer cannot resize.", 0, Sector);
            }
            var entries = new byte[entryBytes];
            output.Position = entriesLba * Sector;
            IsoBytes.ReadExactly(output, entries, "the GPT partition entries");

            long oldLastUsable = (long)Bytes.UInt64LE(header, 48);
            long backupHeader = sectors - 1;
            long backupEntries = backupHeader - (entryBytes + Sector - 1) / Sector;
            long lastUsable = backupEntries - 1;
            for (int i = 0; i < count; i++)
            {
                int e = (int)(i * size);
                if (Bytes.UInt64LE(entries, e) == 0 && Bytes.UInt64LE(entries, e + 8) == 0) continue;
                long last = (long)Bytes.UInt64LE(entries, e + 40);
                // A partition that reached the end of the old volume or of the old usable space (xorriso leaves a
                // sector) moves its end by as much as the usable space grew.
                if (last + 1 >= oldVolumeSectors || last + 1 >= oldLastUsable) IsoBytes.Le64(entries, e + 40, (ulong)(last + lastUsable - oldLastUsable));
            }
            uint entriesCrc = Crc32.Compute(entries, 0, entries.Length);

            IsoBytes.Le64(header, 32, (ulong)backupHeader);
            IsoBytes.Le64(header, 48, (ulong)lastUsable);
            IsoBytes.Le32(header, 88, entriesCrc);
            SealHeader(header, headerSize);
            WriteAt(output, Sector, header);
            WriteAt(output, entriesLba * Sector, entries);

            IsoBytes.Le64(header, 24, (ulong)backupHeader);
            IsoBytes.Le64(header, 32, 1);
            IsoBytes.Le64(header, 72, (ulong)backupEntries);
            SealHeader(header, headerSize);
            WriteAt(output, backupEntries * Sector, entries);
            WriteAt(output, backupHeader * Sector, header);
        }

        private static void SealHeader(byte[] header, uint headerSize)
        {
            IsoBytes.Le32(header, 16, 0);
            IsoBytes.Le32(header, 16, Crc32.Compute(header, 0, (int)headerSize));
        }

        private static void WriteAt(Stream output, long position, byte[] bytes)
        {
            output.Position = position;
            output.Write(bytes, 0, bytes.Length);
        }
    }
}
