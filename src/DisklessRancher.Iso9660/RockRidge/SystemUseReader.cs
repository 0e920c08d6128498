using System.Collections.Generic;
using System.Text;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Reads the SUSP entries of a directory record, following CE continuation areas. CE targets are
    /// bounds-checked and a chain that revisits an area or grows too long is reported as corrupt.
    /// </summary>
    internal static class SystemUseReader
    {
        private const int MaxContinuations = 64;

        public static List<SuspEntry> Read(ImageReader image, DirectoryRecord record, int skip)
        {
            List<SuspEntry> entries = new List<SuspEntry>();
            int start = record.SystemUseOffset + skip;
            if (record.SystemUseLength <= skip) return entries;

            long lba = record.Lba;
            int baseOffset = record.Offset;
            byte[] area = record.Raw;
            int position = start, end = record.Length;
            bool continued = false;
            HashSet<long> visited = new HashSet<long>();
            int hops = 0;

            while (true)
            {
                (long Lba, int Offset, int Length)? next = ParseArea(area, position, end, lba, baseOffset, continued, entries);
                if (next == null) return entries;

                (long ceLba, int ceOffset, int ceLength) = next.Value;
                if (++hops > MaxContinuations)
                {
                    throw new IsoFormatException(IsoFormatError.Corrupt, $"More than {MaxContinuations} chained SUSP continuation areas.", ceLba, ceOffset);
                }
                if (!visited.Add(ceLba * Ecma119.BlockSize + ceOffset))
                {
                    throw new IsoFormatException(IsoFormatError.Corrupt, "SUSP continuation areas form a loop.", ceLba, ceOffset);
                }
                if (ceOffset + ceLength > Ecma119.BlockSize || !image.Contains(ceLba, Ecma119.BlockSize))
                {
                    throw new IsoFormatException(IsoFormatError.Corrupt,
                        $"SUSP continuation area ({ceLength} bytes at offset {ceOffset}) lies outside its block or the image.", ceLba, ceOffset);
                }
                area = image.ReadBlock(ceLba, "SUSP continuation area");
                lba = ceLba;
                baseOffset = 0;
                position = ceOffset;
                end = ceOffset + ceLength;
                continued = true;
            }
        }

        private static bool IsSignature(byte first, byte second) => first >= 'A' && first <= 'Z' && second >= 'A' && second <= 'Z';

        /// <summary>Adds the entries of one area; returns the CE target when the area names one.</summary>
        private static (long, int, int)? ParseArea(byte[] area, int position, int end, long lba, int baseOffset, bool continued, List<SuspEntry> entries)
        {
            (long, int, int)? continuation = null;
            while (end - position >= 4)
            {
                if (area[position] == 0 && area[position + 1] == 0) break; // padding up to the end of the record
                int length = area[position + SuspLayout.Length];
                // Linux (rock.c) stops reading an area at an entry whose length is too short or overruns it,
                // keeping what came before: a damaged area (say, a block overwritten by a directory sector) loses
                // its tail, not the whole image. An entry that is not version 1 with an upper-case signature is
                // such damage too, and is not carried into a remaster.
                if (length < SuspLayout.HeaderLength || length > end - position || area[position + SuspLayout.Version] != 1
                    || !IsSignature(area[position + SuspLayout.Signature], area[position + SuspLayout.Signature + 1])) break;
                string signature = Encoding.ASCII.GetString(area, position + SuspLayout.Signature, 2);
                byte[] raw = Ecma119.Slice(area, position, length);
                entries.Add(new SuspEntry(signature, raw, lba, baseOffset + position, continued));
                if (signature == "ST") break;
                if (signature == "CE")
                {
                    if (length < SuspLayout.CeLength) throw new IsoFormatException(IsoFormatError.Corrupt, "CE entry shorter than 28 bytes.", lba, baseOffset + position);
                    uint ceLength = Ecma119.ReadUInt32LE(raw, SuspLayout.CeAreaLength), ceOffset = Ecma119.ReadUInt32LE(raw, SuspLayout.CeOffset);
                    if (ceLength > Ecma119.BlockSize || ceOffset > Ecma119.BlockSize)
                    {
                        throw new IsoFormatException(IsoFormatError.Corrupt, $"CE entry names {ceLength} bytes at offset {ceOffset}.", lba, baseOffset + position);
                    }
                    continuation = (Ecma119.ReadUInt32LE(raw, SuspLayout.CeLba), (int)ceOffset, (int)ceLength);
                }
                position += length;
            }
            return continuation;
        }
    }
}
