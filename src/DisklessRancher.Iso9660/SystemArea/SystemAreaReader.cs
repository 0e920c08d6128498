using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>Reads the MBR at byte 0 and a GPT at byte 512 of the system area.</summary>
    internal static class SystemAreaReader
    {
        private const int SectorSize = MbrLayout.SectorSize;
        private const int MaxGptEntries = 1024, MaxGptEntrySize = 4096;

        public static IsoSystemArea Read(ImageReader image, IsoBootCatalog? catalog)
        {
            byte[] sectors = new byte[2 * SectorSize];
            image.Read(0, sectors, 0, sectors.Length, "system area", 0);
            List<MbrPartition> partitions = new List<MbrPartition>();
            if (!MbrLayout.HasBootSignature(sectors))
            {
                return new IsoSystemArea(SystemAreaKind.None, 0, 0, partitions, null, new GptPartition[0]);
            }

            for (int i = 0; i < MbrLayout.EntryCount; i++)
            {
                int o = MbrLayout.Entry(i);
                byte type = sectors[o + MbrLayout.Type];
                uint start = Ecma119.ReadUInt32LE(sectors, o + MbrLayout.StartSector), count = Ecma119.ReadUInt32LE(sectors, o + MbrLayout.SectorCount);
                if (type != 0 || start != 0 || count != 0) partitions.Add(new MbrPartition(i + 1, sectors[o + MbrLayout.Status], type, start, count));
            }
            ulong bootLba = Ecma119.ReadUInt64LE(sectors, MbrLayout.IsohybridBootLba);
            SystemAreaKind kind = bootLba != 0 && NamesBiosImage(catalog, bootLba) ? SystemAreaKind.IsohybridMbr : SystemAreaKind.Mbr;

            GptHeader? gpt = null;
            List<GptPartition> gptPartitions = new List<GptPartition>();
            const int header = GptLayout.HeaderSector * SectorSize;
            if (GptLayout.HasSignature(sectors, header)) gpt = ReadGpt(image, Ecma119.Slice(sectors, header, SectorSize), gptPartitions);
            return new IsoSystemArea(kind, bootLba, Ecma119.ReadUInt32LE(sectors, MbrLayout.DiskSignature), partitions, gpt, gptPartitions);
        }

        private static bool NamesBiosImage(IsoBootCatalog? catalog, ulong bootLba)
        {
            if (catalog == null) return false;
            foreach (IsoBootEntry entry in catalog.Entries)
            {
                if (entry.Platform == BootPlatform.Bios && (ulong)entry.LoadLba * 4 == bootLba) return true;
            }
            return false;
        }

        private static GptHeader? ReadGpt(ImageReader image, byte[] header, List<GptPartition> partitions)
        {
            const int at = GptLayout.HeaderSector * SectorSize;
            uint headerSize = Ecma119.ReadUInt32LE(header, GptLayout.HeaderSize);
            if (headerSize < GptLayout.MinimumHeaderSize || headerSize > SectorSize)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"GPT header size {headerSize} is invalid.", 0, at + GptLayout.HeaderSize);
            }
            bool headerCrcValid = GptLayout.ComputeHeaderCrc(header, (int)headerSize) == Ecma119.ReadUInt32LE(header, GptLayout.HeaderCrc);

            ulong entriesLba = Ecma119.ReadUInt64LE(header, GptLayout.EntriesLba);
            uint count = Ecma119.ReadUInt32LE(header, GptLayout.EntryCount), size = Ecma119.ReadUInt32LE(header, GptLayout.EntrySize);
            if (count > MaxGptEntries || size < GptLayout.MinimumEntrySize || size > MaxGptEntrySize || size % 8 != 0)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"GPT names {count} entries of {size} bytes.", 0, at + GptLayout.EntryCount);
            }
            long total = count * size;
            if (entriesLba > (ulong)image.Length / SectorSize || (long)entriesLba * SectorSize + total > image.Length)
            {
                throw new IsoFormatException(IsoFormatError.Corrupt, $"GPT partition entries at sector {entriesLba} lie outside the image.", 0, at + GptLayout.EntriesLba);
            }
            byte[] entries = new byte[total];
            image.Read((long)entriesLba * SectorSize, entries, 0, entries.Length, "GPT partition entries");
            bool entriesCrcValid = Crc32.Compute(entries, 0, entries.Length) == Ecma119.ReadUInt32LE(header, GptLayout.EntriesCrc);
            for (int i = 0; i < count; i++)
            {
                int offset = (int)(i * size);
                bool used = false;
                for (int j = 0; j < GptLayout.GuidLength && !used; j++) used = entries[offset + GptLayout.TypeGuid + j] != 0;
                if (used) partitions.Add(new GptPartition(i + 1, entries, offset));
            }
            return new GptHeader(header, headerCrcValid, entriesCrcValid);
        }
    }
}
