using System;
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
        private static readonly byte[] SelfIdentifier = { 0 };
        private static readonly int[] LongIds =
        {
            VolumeDescriptorLayout.VolumeSetId, VolumeDescriptorLayout.PublisherId, VolumeDescriptorLayout.DataPreparerId,
            VolumeDescriptorLayout.ApplicationId,
        };
        private static readonly int[] FileIds =
        {
            VolumeDescriptorLayout.CopyrightFileId, VolumeDescriptorLayout.AbstractFileId, VolumeDescriptorLayout.BibliographicFileId,
        };

        public static byte[] NewPrimary(DateTimeOffset created) => New(VolumeDescriptorType.Primary, joliet: false, created);

        public static byte[] NewJoliet(DateTimeOffset created) => New(VolumeDescriptorType.Supplementary, joliet: true, created);

        public static byte[] Terminator() => Header(VolumeDescriptorType.Terminator);

        /// <summary>Points the descriptor at a laid-out tree and records the new volume size.</summary>
        public static void PointAt(byte[] descriptor, TreePlacement tree, uint volumeBlocks)
        {
            Ecma119.WriteUInt32Both(descriptor, VolumeDescriptorLayout.VolumeSpaceSize, volumeBlocks);
            Ecma119.WriteUInt32Both(descriptor, VolumeDescriptorLayout.PathTableSize, (uint)tree.PathTableSize);
            Ecma119.WriteUInt32LE(descriptor, VolumeDescriptorLayout.LPathTableLE, tree.LPathTableLba);
            Ecma119.WriteUInt32LE(descriptor, VolumeDescriptorLayout.OptionalLPathTableLE, 0);
            Ecma119.WriteUInt32BE(descriptor, VolumeDescriptorLayout.MPathTableBE, tree.MPathTableLba);
            Ecma119.WriteUInt32BE(descriptor, VolumeDescriptorLayout.OptionalMPathTableBE, 0);
            var root = tree.Tree.Root;
            Array.Clear(descriptor, VolumeDescriptorLayout.RootRecord, DirectoryRecordLayout.MinimumLength);
            DirectoryRecordPlan.WriteFields(descriptor, VolumeDescriptorLayout.RootRecord, DirectoryRecordLayout.MinimumLength,
                root.Lba, root.Size, root.Date, (byte)DirectoryRecordFlags.Directory, SelfIdentifier);
        }

        public static void SetModified(byte[] descriptor, DateTimeOffset time) =>
            Ecma119.WriteDescriptorDate(descriptor, VolumeDescriptorLayout.ModificationDate, time);

        /// <summary>The volume identifier: ASCII, or UCS-2 big-endian in a Joliet SVD, space padded.</summary>
        public static void SetLabel(byte[] descriptor, string label, bool joliet) =>
            WriteText(descriptor, VolumeDescriptorLayout.VolumeId, VolumeDescriptorLayout.ShortIdLength, label, joliet);

        private static byte[] New(VolumeDescriptorType type, bool joliet, DateTimeOffset created)
        {
            var d = Header(type);
            if (joliet) Buffer.BlockCopy(JolietLevel3, 0, d, VolumeDescriptorLayout.EscapeSequences, JolietLevel3.Length);
            WriteText(d, VolumeDescriptorLayout.SystemId, VolumeDescriptorLayout.ShortIdLength, string.Empty, joliet);
            WriteText(d, VolumeDescriptorLayout.VolumeId, VolumeDescriptorLayout.ShortIdLength, string.Empty, joliet);
            foreach (int field in LongIds) WriteText(d, field, VolumeDescriptorLayout.LongIdLength, string.Empty, joliet);
            foreach (int field in FileIds) WriteText(d, field, VolumeDescriptorLayout.FileIdLength, string.Empty, joliet);
            Ecma119.WriteUInt16Both(d, VolumeDescriptorLayout.VolumeSetSize, 1);
            Ecma119.WriteUInt16Both(d, VolumeDescriptorLayout.VolumeSequenceNumber, 1);
            Ecma119.WriteUInt16Both(d, VolumeDescriptorLayout.LogicalBlockSize, Ecma119.BlockSize);
            Ecma119.WriteDescriptorDate(d, VolumeDescriptorLayout.CreationDate, created);
            Ecma119.WriteDescriptorDate(d, VolumeDescriptorLayout.ModificationDate, created);
            Ecma119.WriteUnsetDescriptorDate(d, VolumeDescriptorLayout.ExpirationDate);
            Ecma119.WriteUnsetDescriptorDate(d, VolumeDescriptorLayout.EffectiveDate);
            d[VolumeDescriptorLayout.FileStructureVersion] = 1;
            return d;
        }

        private static byte[] Header(VolumeDescriptorType type)
        {
            var d = new byte[Ecma119.BlockSize];
            d[VolumeDescriptorLayout.Type] = (byte)type;
            VolumeDescriptorLayout.WriteStandardId(d);
            d[VolumeDescriptorLayout.Version] = 1;
            return d;
        }

        private static void WriteText(byte[] d, int offset, int length, string text, bool joliet)
        {
            if (joliet) Ecma119.WriteUcs2BE(d, offset, length, text);
            else Ecma119.WriteAscii(d, offset, length, text);
        }
    }
}
