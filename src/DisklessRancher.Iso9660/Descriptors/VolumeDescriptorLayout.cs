using System;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Where each field of a volume descriptor lies (ECMA-119 8.1-8.5, El Torito 2.0 for the boot record): the one
    /// list of positions that <see cref="IsoVolumeDescriptor"/> and <see cref="BootRecordDescriptor"/> read and
    /// <see cref="VolumeDescriptorWriter"/> writes.
    /// </summary>
    internal static class VolumeDescriptorLayout
    {
        // Every descriptor
        public const int Type = 0;
        public const int StandardId = 1;
        public const int Version = 6;

        // Primary and supplementary descriptors (numbers are both-byte order unless named LE or BE)
        public const int VolumeFlags = 7;
        public const int SystemId = 8;
        public const int VolumeId = 40;
        public const int ShortIdLength = 32;
        public const int VolumeSpaceSize = 80;
        public const int EscapeSequences = 88, EscapeSequencesLength = 32;
        public const int VolumeSetSize = 120;
        public const int VolumeSequenceNumber = 124;
        public const int LogicalBlockSize = 128;
        public const int PathTableSize = 132;
        public const int LPathTableLE = 140, OptionalLPathTableLE = 144, MPathTableBE = 148, OptionalMPathTableBE = 152;
        public const int RootRecord = 156;
        public const int VolumeSetId = 190, PublisherId = 318, DataPreparerId = 446, ApplicationId = 574;
        public const int LongIdLength = 128;
        public const int CopyrightFileId = 702, AbstractFileId = 739, BibliographicFileId = 776;
        public const int FileIdLength = 37;
        public const int CreationDate = 813, ModificationDate = 830, ExpirationDate = 847, EffectiveDate = 864;
        public const int FileStructureVersion = 881;

        // Boot record
        public const int BootSystemId = 7, BootId = 39;
        public const int BootCatalogLbaLE = 71;

        private static readonly byte[] StandardIdentifier = { (byte)'C', (byte)'D', (byte)'0', (byte)'0', (byte)'1' };

        /// <summary>True when the block carries the ISO 9660 standard identifier "CD001".</summary>
        public static bool HasStandardId(byte[] block) => Ecma119.BytesEqual(block, StandardId, StandardIdentifier);

        public static void WriteStandardId(byte[] block) => Buffer.BlockCopy(StandardIdentifier, 0, block, StandardId, StandardIdentifier.Length);
    }
}
