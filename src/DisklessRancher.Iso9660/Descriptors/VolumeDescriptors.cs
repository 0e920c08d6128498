using System;
using System.Text;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Builds and updates primary and Joliet supplementary volume descriptors (ECMA-119 8.4, 8.5); labels are
    /// validated by <see cref="IsoVolumeLabel"/>.
    /// </summary>
    internal static class VolumeDescriptors
    {
        private static readonly byte[] JolietLevel3 = { 0x25, 0x2F, 0x45 };

        public static byte[] NewPrimary(DateTimeOffset created) => New(1, joliet: false, created);

        public static byte[] NewJoliet(DateTimeOffset created) => New(2, joliet: true, created);

        public static byte[] Terminator()
        {
            var block = new byte[IsoBytes.BlockSize];
            block[0] = 255;
            Header(block);
            return block;
        }

        /// <summary>Points the descriptor at a laid-out tree and records the new volume size.</summary>
        public static void PointAt(byte[] descriptor, TreePlacement tree, uint volumeBlocks)
        {
            IsoBytes.Both32(descriptor, 80, volumeBlocks);
            IsoBytes.Both32(descriptor, 132, (uint)tree.PathTableSize);
            IsoBytes.Le32(descriptor, 140, tree.LPathTableLba);
            IsoBytes.Le32(descriptor, 144, 0);
            IsoBytes.Be32(descriptor, 148, tree.MPathTableLba);
            IsoBytes.Be32(descriptor, 152, 0);
            var root = tree.Tree.Root;
            Array.Clear(descriptor, 156, 34);
            descriptor[156] = 34;
            IsoBytes.Both32(descriptor, 158, root.Lba);
            IsoBytes.Both32(descriptor, 166, root.Size);
            Buffer.BlockCopy(root.Date, 0, descriptor, 174, 7);
            descriptor[181] = 2;
            IsoBytes.Both16(descriptor, 184, 1);
            descriptor[188] = 1;
        }

        public static void SetModified(byte[] descriptor, DateTimeOffset time) => IsoBytes.VolumeDate(descriptor, 830, time);

        /// <summary>The volume identifier (bytes 40-71): ASCII, or UCS-2 big-endian in a Joliet SVD, space padded.</summary>
        public static void SetLabel(byte[] descriptor, string label, bool joliet)
        {
            if (joliet) WriteUcs2(descriptor, 40, 32, label);
            else WriteAscii(descriptor, 40, 32, label);
        }

        private static byte[] New(byte type, bool joliet, DateTimeOffset created)
        {
            var d = new byte[IsoBytes.BlockSize];
            d[0] = type;
            Header(d);
            if (joliet)
            {
                Buffer.BlockCopy(JolietLevel3, 0, d, 88, 3);
                WriteUcs2(d, 8, 32, string.Empty);
                WriteUcs2(d, 40, 32, string.Empty);
                foreach (int field in new[] { 190, 318, 446, 574 }) WriteUcs2(d, field, 128, string.Empty);
                foreach (int field in new[] { 702, 739, 776 }) WriteUcs2(d, field, 37, string.Empty);
            }
            else
            {
                WriteAscii(d, 8, 32, string.Empty);
                WriteAscii(d, 40, 32, string.Empty);
                foreach (int field in new[] { 190, 318, 446, 574 }) WriteAscii(d, field, 128, string.Empty);
                foreach (int field in new[] { 702, 739, 776 }) WriteAscii(d, field, 37, string.Empty);
            }
            IsoBytes.Both16(d, 120, 1);
            IsoBytes.Both16(d, 124, 1);
            IsoBytes.Both16(d, 128, IsoBytes.BlockSize);
            IsoBytes.VolumeDate(d, 813, created);
            IsoBytes.VolumeDate(d, 830, created);
            IsoBytes.NoVolumeDate(d, 847);
            IsoBytes.NoVolumeDate(d, 864);
            d[881] = 1;
            return d;
        }

        private static void Header(byte[] d)
        {
            Encoding.ASCII.GetBytes("CD001", 0, 5, d, 1);
            d[6] = 1;
        }

        private static void WriteAscii(byte[] d, int offset, int length, string text)
        {
            for (int i = 0; i < length; i++) d[offset + i] = i < text.Length ? (byte)text[i] : (byte)' ';
        }

        private static void WriteUcs2(byte[] d, int offset, int length, string text)
        {
            for (int i = 0; i + 1 < length; i += 2)
            {
                char c = i / 2 < text.Length ? text[i / 2] : ' ';
                d[offset + i] = (byte)(c >> 8);
                d[offset + i + 1] = (byte)c;
            }
            if (length % 2 == 1) d[offset + length - 1] = 0;
        }
    }
}
