using System;
using System.Text;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Builds and updates primary and Joliet supplementary volume descriptors (ECMA-119 8.4, 8.5); labels are
    /// validated by <see cref="IsoVolumeLabel"/>.
    /// </summary>
    internal static class VolumeDescriptorWriter
    {
        private static readonly byte[] JolietLevel3 = { 0x25, 0x2F, 0x45 };

        public static byte[] NewPrimary(DateTimeOffset created) => New(1, joliet: false, created);

        public static byte[] NewJoliet(DateTimeOffset created) => New(2, joliet: true, created);

        public static byte[] Terminator()
        {
            var block = new byte[Ecma119.BlockSize];
            block[0] = 255;
            Header(block);
            return block;
        }

        /// <summary>Points the descriptor at a laid-out tree and records the new volume size.</summary>
        public static void PointAt(byte[] descriptor, TreePlacement tree, uint volumeBlocks)
        {
            Ecma119.WriteUInt32Both(descriptor, 80, volumeBlocks);
            Ecma119.WriteUInt32Both(descriptor, 132, (uint)tree.PathTableSize);
            Ecma119.WriteUInt32LE(descriptor, 140, tree.LPathTableLba);
            Ecma119.WriteUInt32LE(descriptor, 144, 0);
            Ecma119.WriteUInt32BE(descriptor, 148, tree.MPathTableLba);
            Ecma119.WriteUInt32BE(descriptor, 152, 0);
            var root = tree.Tree.Root;
            Array.Clear(descriptor, 156, 34);
            descriptor[156] = 34;
            Ecma119.WriteUInt32Both(descriptor, 158, root.Lba);
            Ecma119.WriteUInt32Both(descriptor, 166, root.Size);
            Buffer.BlockCopy(root.Date, 0, descriptor, 174, 7);
            descriptor[181] = 2;
            Ecma119.WriteUInt16Both(descriptor, 184, 1);
            descriptor[188] = 1;
        }

        public static void SetModified(byte[] descriptor, DateTimeOffset time) => Ecma119.WriteDescriptorDate(descriptor, 830, time);

        /// <summary>The volume identifier (bytes 40-71): ASCII, or UCS-2 big-endian in a Joliet SVD, space padded.</summary>
        public static void SetLabel(byte[] descriptor, string label, bool joliet)
        {
            if (joliet) Ecma119.WriteUcs2BE(descriptor, 40, 32, label);
            else Ecma119.WriteAscii(descriptor, 40, 32, label);
        }

        private static byte[] New(byte type, bool joliet, DateTimeOffset created)
        {
            var d = new byte[Ecma119.BlockSize];
            d[0] = type;
            Header(d);
            if (joliet)
            {
                Buffer.BlockCopy(JolietLevel3, 0, d, 88, 3);
                Ecma119.WriteUcs2BE(d, 8, 32, string.Empty);
                Ecma119.WriteUcs2BE(d, 40, 32, string.Empty);
                foreach (int field in new[] { 190, 318, 446, 574 }) Ecma119.WriteUcs2BE(d, field, 128, string.Empty);
                foreach (int field in new[] { 702, 739, 776 }) Ecma119.WriteUcs2BE(d, field, 37, string.Empty);
            }
            else
            {
                Ecma119.WriteAscii(d, 8, 32, string.Empty);
                Ecma119.WriteAscii(d, 40, 32, string.Empty);
                foreach (int field in new[] { 190, 318, 446, 574 }) Ecma119.WriteAscii(d, field, 128, string.Empty);
                foreach (int field in new[] { 702, 739, 776 }) Ecma119.WriteAscii(d, field, 37, string.Empty);
            }
            Ecma119.WriteUInt16Both(d, 120, 1);
            Ecma119.WriteUInt16Both(d, 124, 1);
            Ecma119.WriteUInt16Both(d, 128, Ecma119.BlockSize);
            Ecma119.WriteDescriptorDate(d, 813, created);
            Ecma119.WriteDescriptorDate(d, 830, created);
            Ecma119.WriteUnsetDescriptorDate(d, 847);
            Ecma119.WriteUnsetDescriptorDate(d, 864);
            d[881] = 1;
            return d;
        }

        private static void Header(byte[] d)
        {
            Encoding.ASCII.GetBytes("CD001", 0, 5, d, 1);
            d[6] = 1;
        }
    }
}
