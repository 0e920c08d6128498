using System;
using System.Collections.Generic;
using System.IO;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Grows the partition that maps the ISO 9660 volume (in the MBR, and in a GPT when present) so that it covers
    /// the grown volume, and pads the image to a whole MiB as xorriso does. That partition starts at sector 0, or at
    /// the volume descriptors as xorriso's GPT puts it, and ends within the base, whether or not it reached the
    /// volume's end (a base grown by <c>xorriso -dev</c> has it end earlier). Every other partition (EFI, Mac, a gap
    /// filler) keeps its place and size; a GPT protective partition grows to the new end of the disk. The GPT backup
    /// header and entries move to the new end; both CRCs are recomputed. New CHS values use the MBR's own geometry.
    /// </summary>
    internal sealed class PartitionTableResizer
    {
        /// <summary>A partition starting at or before this sector maps the volume itself.</summary>
        public const long VolumePartitionMaxStart = 64;
        private const int Sector = MbrLayout.SectorSize;
        private const long MiB = 1 << 20;
        private static readonly (int Heads, int Sectors)[] UsualGeometries = { (64, 32), (255, 63), (16, 63), (128, 32), (255, 32) };
        private readonly byte[] mbr;
        private readonly string basePath;
        private readonly long baseSectors;
        private readonly (int Heads, int Sectors) geometry;
        private readonly Gpt? gpt;

        private PartitionTableResizer(byte[] systemArea, Gpt? gpt, string basePath, long baseLength)
        {
            mbr = Ecma119.Slice(systemArea, 0, Sector);
            this.gpt = gpt;
            this.basePath = basePath;
            baseSectors = (baseLength + Sector - 1) / Sector;
            geometry = Geometry(mbr);
        }

        /// <summary>A resizer for the base's system area, or null when it has no MBR.</summary>
        /// <param name="source">The base, to read GPT entries that lie beyond the system area.</param>
        public static PartitionTableResizer? Read(byte[] systemArea, Stream source, string basePath)
        {
            if (!MbrLayout.HasBootSignature(systemArea)) return null;
            const int header = GptLayout.HeaderSector * Sector;
            var gpt = GptLayout.HasSignature(systemArea, header)
                ? Gpt.Read(Ecma119.Slice(systemArea, header, Sector), source)
                : null;
            return new PartitionTableResizer(systemArea, gpt, basePath, source.Length);
        }

        /// <summary>
        /// The volume's size once planned: the padded image up to the GPT backup (the padding belongs to the volume,
        /// as xorriso writes it).
        /// </summary>
        public long VolumeBytes { get; private set; }

        /// <summary>
        /// Decides every new partition end for a volume whose data ends at <paramref name="dataEnd"/> and returns the
        /// image's padded length (whole MiB, with room for a GPT backup at the end).
        /// </summary>
        /// <exception cref="IsoOutputException">The partition that starts at sector 0 cannot cover the grown volume without overlapping another one.</exception>
        public long Plan(long dataEnd)
        {
            long backup = (gpt?.BackupSectors ?? 0) * Sector;
            long length = (dataEnd + backup + MiB - 1) / MiB * MiB;
            long sectors = length / Sector;
            VolumeBytes = (length - backup) / Ecma119.BlockSize * Ecma119.BlockSize;
            long volumeSectors = VolumeBytes / Sector;
            var others = new List<(long Start, long End)>();
            var volume = new List<int>();
            for (int i = 0; i < MbrLayout.EntryCount; i++)
            {
                int entry = MbrLayout.Entry(i);
                long start = Ecma119.ReadUInt32LE(mbr, entry + MbrLayout.StartSector), count = Ecma119.ReadUInt32LE(mbr, entry + MbrLayout.SectorCount);
                if (count == 0) continue;
                if (mbr[entry + MbrLayout.Type] == MbrLayout.GptProtectiveType)
                {
                    if (start + count >= baseSectors - 1 || count == uint.MaxValue) SetMbrEnd(entry, start, sectors);
                }
                else if (start <= VolumePartitionMaxStart && start + count <= baseSectors) volume.Add(i);
                else others.Add((start, start + count));
            }
            foreach (int i in volume)
            {
                int entry = MbrLayout.Entry(i);
                long start = Ecma119.ReadUInt32LE(mbr, entry + MbrLayout.StartSector), end = start + Ecma119.ReadUInt32LE(mbr, entry + MbrLayout.SectorCount);
                if (Blocked(start, end, sectors, others)) throw CannotGrow($"MBR partition {i + 1}", start, end, volumeSectors);
                SetMbrEnd(entry, start, sectors);
            }
            gpt?.Plan(sectors, volumeSectors, baseSectors, this);
            return length;
        }

        /// <summary>Writes the planned partition tables into <paramref name="output"/>.</summary>
        public void Apply(Stream output)
        {
            output.Position = 0;
            output.Write(mbr, 0, Sector);
            gpt?.Write(output);
        }

        /// <summary>True when growing [start, end) to newEnd would overlap a partition it did not overlap before.</summary>
        private static bool Blocked(long start, long end, long newEnd, List<(long Start, long End)> others)
        {
            foreach (var other in others)
            {
                bool before = other.Start < end && start < other.End;
                bool after = other.Start < newEnd && start < other.End;
                if (after && !before) return true;
            }
            return false;
        }

        private IsoOutputException CannotGrow(string partition, long start, long end, long volumeSectors) =>
            new IsoOutputException(IsoOutputError.PartitionCannotGrow,
                $"{partition} of '{basePath}' (sectors {start} to {end - 1}) maps the ISO volume, but another partition follows it, so it " +
                $"cannot grow to cover the new volume (sector {volumeSectors - 1}); booted from a disk, the new files would be out of reach. " +
                "Use a base without a partition appended after the volume, or with the appended partition in a GPT (xorriso -appended_part_as_gpt).");

        private void SetMbrEnd(int entry, long start, long sectors)
        {
            long count = Math.Min(uint.MaxValue, sectors - start);
            Ecma119.WriteUInt32LE(mbr, entry + MbrLayout.SectorCount, (uint)count);
            WriteChsEnd(entry, start + count - 1);
        }

        private void WriteChsEnd(int entry, long lastSector)
        {
            var (heads, perTrack) = geometry;
            long cylinder = lastSector / ((long)heads * perTrack);
            long head = lastSector / perTrack % heads;
            long sector = lastSector % perTrack + 1;
            if (cylinder > 1023)
            {
                cylinder = 1023;
                head = heads - 1;
                sector = perTrack;
            }
            int at = entry + MbrLayout.LastChs;
            mbr[at] = (byte)head;
            mbr[at + 1] = (byte)(sector | ((cylinder >> 2) & 0xC0));
            mbr[at + 2] = (byte)cylinder;
        }

        /// <summary>
        /// The heads and sectors per track that every CHS address of the MBR agrees with (isohybrid's 64/32 when it
        /// does, or when nothing tells), so that new CHS ends are read as the tool that wrote the MBR meant them.
        /// </summary>
        private static (int Heads, int Sectors) Geometry(byte[] mbr)
        {
            var addresses = new List<(long Cylinder, int Head, int Sector, long Lba)>();
            for (int i = 0; i < MbrLayout.EntryCount; i++)
            {
                int entry = MbrLayout.Entry(i);
                long start = Ecma119.ReadUInt32LE(mbr, entry + MbrLayout.StartSector), count = Ecma119.ReadUInt32LE(mbr, entry + MbrLayout.SectorCount);
                if (count == 0) continue;
                AddChs(addresses, mbr, entry + MbrLayout.FirstChs, start);
                AddChs(addresses, mbr, entry + MbrLayout.LastChs, start + count - 1);
            }
            foreach (var usual in UsualGeometries)
            {
                if (Agrees(addresses, usual.Heads, usual.Sectors)) return usual;
            }
            for (int sectors = 1; sectors <= 63; sectors++)
            {
                for (int heads = 1; heads <= 255; heads++)
                {
                    if (Agrees(addresses, heads, sectors)) return (heads, sectors);
                }
            }
            return UsualGeometries[0];
        }

        private static void AddChs(List<(long, int, int, long)> addresses, byte[] mbr, int at, long lba)
        {
            int head = mbr[at], sector = mbr[at + 1] & 0x3F;
            long cylinder = mbr[at + 2] | ((mbr[at + 1] & 0xC0) << 2);
            // 1023 is where CHS saturates; sector 0 does not exist.
            if (sector > 0 && cylinder < 1023) addresses.Add((cylinder, head, sector, lba));
        }

        private static bool Agrees(List<(long Cylinder, int Head, int Sector, long Lba)> addresses, int heads, int sectors)
        {
            foreach (var a in addresses)
            {
                if (a.Head >= heads || a.Sector > sectors || (a.Cylinder * heads + a.Head) * sectors + a.Sector - 1 != a.Lba) return false;
            }
            return true;
        }

        /// <summary>A GPT: the primary header and its entries, as read from the base and as they will be written.</summary>
        private sealed class Gpt
        {
            private readonly byte[] header;
            private readonly byte[] entries;
            private long backupHeader;
            private long backupEntries;

            private Gpt(byte[] header, byte[] entries)
            {
                this.header = header;
                this.entries = entries;
            }

            /// <summary>The backup header and the backup entries before it.</summary>
            public long BackupSectors => 1 + (entries.Length + Sector - 1) / Sector;

            private uint HeaderSize => Ecma119.ReadUInt32LE(header, GptLayout.HeaderSize);

            private long EntriesLba => (long)Ecma119.ReadUInt64LE(header, GptLayout.EntriesLba);

            private uint EntrySize => Ecma119.ReadUInt32LE(header, GptLayout.EntrySize);

            public static Gpt Read(byte[] header, Stream source)
            {
                uint headerSize = Ecma119.ReadUInt32LE(header, GptLayout.HeaderSize);
                long entriesLba = (long)Ecma119.ReadUInt64LE(header, GptLayout.EntriesLba);
                uint count = Ecma119.ReadUInt32LE(header, GptLayout.EntryCount), size = Ecma119.ReadUInt32LE(header, GptLayout.EntrySize);
                long entryBytes = (long)count * size;
                if (headerSize < GptLayout.MinimumHeaderSize || headerSize > Sector || size < GptLayout.MinimumEntrySize || entryBytes > 1 << 20 || entriesLba < 2)
                {
                    throw new IsoFormatException(IsoFormatError.Unsupported, "The GPT header has fields this writer cannot resize.", 0, GptLayout.HeaderSector * Sector);
                }
                var entries = new byte[entryBytes];
                source.Position = entriesLba * Sector;
                ImageReader.ReadExactly(source, entries, "the GPT partition entries");
                return new Gpt(header, entries);
            }

            public void Plan(long sectors, long volumeSectors, long baseSectors, PartitionTableResizer owner)
            {
                long oldLastUsable = (long)Ecma119.ReadUInt64LE(header, GptLayout.LastUsableLba);
                backupHeader = sectors - 1;
                backupEntries = sectors - BackupSectors;
                long lastUsable = backupEntries - 1;
                var others = new List<(long Start, long End)>();
                var volume = new List<int>();
                for (int e = 0; e + EntrySize <= entries.Length; e += (int)EntrySize)
                {
                    if (Ecma119.ReadUInt64LE(entries, e + GptLayout.TypeGuid) == 0 && Ecma119.ReadUInt64LE(entries, e + GptLayout.TypeGuid + 8) == 0) continue;
                    long first = (long)Ecma119.ReadUInt64LE(entries, e + 32), last = (long)Ecma119.ReadUInt64LE(entries, e + 40);
                    if (first <= VolumePartitionMaxStart && last < baseSectors) volume.Add(e);
                    else others.Add((first, last + 1));
                }
                foreach (int e in volume)
                {
                    long first = (long)Ecma119.ReadUInt64LE(entries, e + 32), last = (long)Ecma119.ReadUInt64LE(entries, e + 40);
                    // One that reached the old usable space keeps its distance to its end (xorriso leaves one sector);
                    // any other comes to cover the volume.
                    long newLast = last + 1 >= oldLastUsable ? last + lastUsable - oldLastUsable : Math.Max(last, volumeSectors - 1);
                    if (Blocked(first, last + 1, newLast + 1, others))
                    {
                        // Only a partition at sector 0 holds a mountable copy of the volume; one at the descriptors does not.
                        if (first == 0) throw owner.CannotGrow($"GPT partition {e / EntrySize + 1}", first, last + 1, volumeSectors);
                        continue;
                    }
                    Ecma119.WriteUInt64LE(entries, e + GptLayout.LastLba, (ulong)newLast);
                }
                Ecma119.WriteUInt64LE(header, GptLayout.BackupLba, (ulong)backupHeader);
                Ecma119.WriteUInt64LE(header, GptLayout.LastUsableLba, (ulong)lastUsable);
                Ecma119.WriteUInt32LE(header, GptLayout.EntriesCrc, Crc32.Compute(entries, 0, entries.Length));
            }

            public void Write(Stream output)
            {
                var primary = (byte[])header.Clone();
                Seal(primary);
                WriteAt(output, GptLayout.HeaderSector * Sector, primary);
                WriteAt(output, EntriesLba * Sector, entries);

                var backup = (byte[])header.Clone();
                Ecma119.WriteUInt64LE(backup, GptLayout.CurrentLba, (ulong)backupHeader);
                Ecma119.WriteUInt64LE(backup, GptLayout.BackupLba, GptLayout.HeaderSector);
                Ecma119.WriteUInt64LE(backup, GptLayout.EntriesLba, (ulong)backupEntries);
                Seal(backup);
                WriteAt(output, backupEntries * Sector, entries);
                WriteAt(output, backupHeader * Sector, backup);
            }

            private void Seal(byte[] h) => Ecma119.WriteUInt32LE(h, GptLayout.HeaderCrc, GptLayout.ComputeHeaderCrc(h, (int)HeaderSize));

            private static void WriteAt(Stream output, long position, byte[] bytes)
            {
                output.Position = position;
                output.Write(bytes, 0, bytes.Length);
            }
        }
    }
}
