using System;
using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>What the first 16 blocks (32 KiB) before the volume descriptors hold.</summary>
    public enum SystemAreaKind
    {
        /// <summary>No MBR signature: the image boots only as a CD.</summary>
        None,
        /// <summary>An MBR whose boot pointer does not name an El Torito BIOS image.</summary>
        Mbr,
        /// <summary>An isohybrid MBR: byte 432 holds the El Torito BIOS image's block x 4, so the image boots from a disk.</summary>
        IsohybridMbr,
    }

    /// <summary>The system area: an (isohybrid) MBR with its partitions, and a GPT when present.</summary>
    public sealed class IsoSystemArea
    {
        internal IsoSystemArea(SystemAreaKind kind, ulong mbrBootLba, uint diskSignature, IReadOnlyList<MbrPartition> partitions,
            GptHeader? gpt, IReadOnlyList<GptPartition> gptPartitions)
        {
            Kind = kind;
            MbrBootLba = mbrBootLba;
            DiskSignature = diskSignature;
            Partitions = partitions;
            Gpt = gpt;
            GptPartitions = gptPartitions;
        }

        public SystemAreaKind Kind { get; }

        public bool HasMbr => Kind != SystemAreaKind.None;

        public bool IsIsohybrid => Kind == SystemAreaKind.IsohybridMbr;

        /// <summary>The qword at byte 432: the boot image's position in 512-byte sectors (isohybrid), else whatever is there.</summary>
        public ulong MbrBootLba { get; }

        /// <summary>The MBR disk signature (bytes 440-443).</summary>
        public uint DiskSignature { get; }

        /// <summary>The non-empty primary partitions of the MBR.</summary>
        public IReadOnlyList<MbrPartition> Partitions { get; }

        /// <summary>The primary GPT header at byte 512, or null.</summary>
        public GptHeader? Gpt { get; }

        public bool HasGpt => Gpt != null;

        /// <summary>The GPT's used partition entries (empty without GPT).</summary>
        public IReadOnlyList<GptPartition> GptPartitions { get; }

        /// <summary>A one-line description, e.g. "isohybrid MBR (boot LBA 140, 1 partition)".</summary>
        public string Summary
        {
            get
            {
                string text = Kind switch
                {
                    SystemAreaKind.IsohybridMbr => $"isohybrid MBR (boot LBA {MbrBootLba}, {Partitions.Count} partition{(Partitions.Count == 1 ? "" : "s")})",
                    SystemAreaKind.Mbr => $"MBR ({Partitions.Count} partition{(Partitions.Count == 1 ? "" : "s")})",
                    _ => "none",
                };
                return Gpt == null ? text : $"{text}, GPT ({GptPartitions.Count} partition{(GptPartitions.Count == 1 ? "" : "s")})";
            }
        }

        public override string ToString() => Summary;
    }

    /// <summary>One MBR partition table entry.</summary>
    public sealed class MbrPartition
    {
        internal MbrPartition(int number, byte status, byte type, uint startLba, uint sectorCount)
        {
            Number = number;
            Status = status;
            Type = type;
            StartLba = startLba;
            SectorCount = sectorCount;
        }

        /// <summary>1 to 4.</summary>
        public int Number { get; }

        /// <summary>0x80 when bootable.</summary>
        public byte Status { get; }

        public bool Bootable => Status == 0x80;

        /// <summary>Partition type (isohybrid: 0x17; EFI: 0xEF; GPT protective: 0xEE).</summary>
        public byte Type { get; }

        /// <summary>First sector (512 bytes).</summary>
        public uint StartLba { get; }

        /// <summary>Number of 512-byte sectors.</summary>
        public uint SectorCount { get; }

        public override string ToString() => $"#{Number} type 0x{Type:X2} start {StartLba} sectors {SectorCount}";
    }

    /// <summary>A GPT header (UEFI 5.3.2), with its CRCs checked.</summary>
    public sealed class GptHeader
    {
        internal GptHeader(byte[] h, bool headerCrcValid, bool entriesCrcValid)
        {
            Revision = Ecma119.ReadUInt32LE(h, GptLayout.Revision);
            HeaderSize = Ecma119.ReadUInt32LE(h, GptLayout.HeaderSize);
            CurrentLba = Ecma119.ReadUInt64LE(h, GptLayout.CurrentLba);
            BackupLba = Ecma119.ReadUInt64LE(h, GptLayout.BackupLba);
            FirstUsableLba = Ecma119.ReadUInt64LE(h, GptLayout.FirstUsableLba);
            LastUsableLba = Ecma119.ReadUInt64LE(h, GptLayout.LastUsableLba);
            DiskGuid = new Guid(Ecma119.Slice(h, GptLayout.DiskGuid, GptLayout.GuidLength));
            EntriesLba = Ecma119.ReadUInt64LE(h, GptLayout.EntriesLba);
            EntryCount = Ecma119.ReadUInt32LE(h, GptLayout.EntryCount);
            EntrySize = Ecma119.ReadUInt32LE(h, GptLayout.EntrySize);
            HeaderCrcValid = headerCrcValid;
            EntriesCrcValid = entriesCrcValid;
        }

        public uint Revision { get; }
        public uint HeaderSize { get; }
        public ulong CurrentLba { get; }
        public ulong BackupLba { get; }
        public ulong FirstUsableLba { get; }
        public ulong LastUsableLba { get; }
        public Guid DiskGuid { get; }
        public ulong EntriesLba { get; }
        public uint EntryCount { get; }
        public uint EntrySize { get; }
        public bool HeaderCrcValid { get; }
        public bool EntriesCrcValid { get; }
    }

    /// <summary>One used GPT partition entry.</summary>
    public sealed class GptPartition
    {
        internal GptPartition(int number, byte[] e, int offset)
        {
            Number = number;
            TypeGuid = new Guid(Ecma119.Slice(e, offset + GptLayout.TypeGuid, GptLayout.GuidLength));
            UniqueGuid = new Guid(Ecma119.Slice(e, offset + GptLayout.UniqueGuid, GptLayout.GuidLength));
            FirstLba = Ecma119.ReadUInt64LE(e, offset + GptLayout.FirstLba);
            LastLba = Ecma119.ReadUInt64LE(e, offset + GptLayout.LastLba);
            Attributes = Ecma119.ReadUInt64LE(e, offset + GptLayout.Attributes);
            Name = System.Text.Encoding.Unicode.GetString(e, offset + GptLayout.Name, GptLayout.NameLength).TrimEnd('\0');
        }

        public int Number { get; }
        public Guid TypeGuid { get; }
        public Guid UniqueGuid { get; }
        public ulong FirstLba { get; }
        /// <summary>Inclusive.</summary>
        public ulong LastLba { get; }
        public ulong Attributes { get; }
        public string Name { get; }

        public override string ToString() => $"#{Number} {Name} {TypeGuid} {FirstLba}-{LastLba}";
    }
}
