using System.Collections.Generic;
using System.Text;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// The UDF volume recognition sequence (ECMA-167 2/9.1: BEA01, NSR02 or NSR03, TEA01) that a UDF bridge image
    /// carries right after its ISO 9660 descriptor set. With it, Linux and libblkid read the UDF volume (its label,
    /// its tree) before the ISO 9660 one.
    /// </summary>
    internal static class UdfRecognition
    {
        private const int MaxDescriptors = 64;
        private static readonly string[] Identifiers = { "BEA01", "NSR02", "NSR03", "TEA01", "BOOT2", "CDW02" };

        /// <summary>The blocks of the sequence that starts after the ISO 9660 terminator, or none when it names no UDF volume (no NSR).</summary>
        public static List<long> Find(ImageReader image, long afterTerminator)
        {
            var blocks = new List<long>();
            bool nsr = false;
            for (long lba = afterTerminator; blocks.Count < MaxDescriptors && image.Contains(lba, Ecma119.BlockSize); lba++)
            {
                byte[] block = image.ReadBlock(lba, "volume recognition descriptor");
                string id = Encoding.ASCII.GetString(block, 1, 5);
                if (block[0] != 0 || System.Array.IndexOf(Identifiers, id) < 0) break;
                nsr |= id.StartsWith("NSR", System.StringComparison.Ordinal);
                blocks.Add(lba);
            }
            return nsr ? blocks : new List<long>();
        }
    }
}
