using System;
using System.Collections.Generic;
using System.Text;

namespace DisklessRancher.Iso9660
{
    /// <summary>What the Rock Ridge (RRIP) entries of one record say: name, POSIX attributes, times, links, relocation.</summary>
    internal sealed class RockRidgeInfo
    {
        private const int NmContinue = 0x01, NmCurrent = 0x02, NmParent = 0x04;
        private const int SlContinue = 0x01, SlCurrent = 0x02, SlParent = 0x04, SlRoot = 0x08;
        private const int TfLongForm = 0x80;

        public string? Name { get; private set; }
        public uint? Mode { get; private set; }
        public uint? LinkCount { get; private set; }
        public uint? Uid { get; private set; }
        public uint? Gid { get; private set; }
        public uint? SerialNumber { get; private set; }
        public DateTimeOffset? ModifyTime { get; private set; }
        public string? SymlinkTarget { get; private set; }
        public ulong? DeviceNumber { get; private set; }
        public uint? ChildLink { get; private set; }
        public uint? ParentLink { get; private set; }
        public bool IsRelocated { get; private set; }

        public static RockRidgeInfo Parse(IReadOnlyList<SuspEntry> entries)
        {
            RockRidgeInfo info = new RockRidgeInfo();
            List<byte>? name = null;
            bool nameDone = false;
            StringBuilder? link = null;
            bool linkDone = false, componentOpen = false;

            foreach (SuspEntry entry in entries)
            {
                byte[] d = entry.RawData;
                switch (entry.Signature)
                {
                    case "NM" when !nameDone && d.Length >= 1:
                        if ((d[0] & NmCurrent) != 0) { info.Name = "."; nameDone = true; break; }
                        if ((d[0] & NmParent) != 0) { info.Name = ".."; nameDone = true; break; }
                        name ??= new List<byte>();
                        for (int i = 1; i < d.Length; i++) name.Add(d[i]);
                        if ((d[0] & NmContinue) == 0) nameDone = true;
                        break;
                    case "PX" when d.Length >= 32:
                        info.Mode = Ecma119.ReadUInt32LE(d, 0);
                        info.LinkCount = Ecma119.ReadUInt32LE(d, 8);
                        info.Uid = Ecma119.ReadUInt32LE(d, 16);
                        info.Gid = Ecma119.ReadUInt32LE(d, 24);
                        if (d.Length >= 40) info.SerialNumber = Ecma119.ReadUInt32LE(d, 32);
                        break;
                    case "TF" when d.Length >= 1:
                        info.ModifyTime = ParseModifyTime(d) ?? info.ModifyTime;
                        break;
                    case "PN" when d.Length >= 16:
                        info.DeviceNumber = ((ulong)Ecma119.ReadUInt32LE(d, 0) << 32) | Ecma119.ReadUInt32LE(d, 8);
                        break;
                    case "SL" when !linkDone && d.Length >= 1:
                        link ??= new StringBuilder();
                        componentOpen = AppendSymlinkComponents(d, link, componentOpen);
                        if ((d[0] & SlContinue) == 0) linkDone = true;
                        break;
                    case "CL" when d.Length >= 8:
                        info.ChildLink = Ecma119.ReadUInt32LE(d, 0);
                        break;
                    case "PL" when d.Length >= 8:
                        info.ParentLink = Ecma119.ReadUInt32LE(d, 0);
                        break;
                    case "RE":
                        info.IsRelocated = true;
                        break;
                }
            }
            if (name != null && info.Name == null) info.Name = NameReader.FromBytes(name.ToArray(), 0, name.Count);
            if (link != null) info.SymlinkTarget = link.ToString();
            return info;
        }

        /// <summary>Times are recorded in flag-bit order: creation, modify, access, ...; returns the modify time.</summary>
        private static DateTimeOffset? ParseModifyTime(byte[] d)
        {
            int flags = d[0];
            if ((flags & 0x02) == 0) return null;
            bool longForm = (flags & TfLongForm) != 0;
            int size = longForm ? 17 : 7;
            int offset = 1 + ((flags & 0x01) != 0 ? size : 0);
            if (offset + size > d.Length) return null;
            return longForm ? Ecma119.ReadDescriptorDate(d, offset) : Ecma119.ReadRecordDate(d, offset);
        }

        /// <summary>Appends an SL entry's components; returns whether the last component continues in the next entry.</summary>
        private static bool AppendSymlinkComponents(byte[] d, StringBuilder link, bool componentOpen)
        {
            int position = 1;
            while (position + 2 <= d.Length)
            {
                int flags = d[position], length = d[position + 1];
                if (position + 2 + length > d.Length) break;
                if (!componentOpen && link.Length > 0 && link[link.Length - 1] != '/') link.Append('/');
                if ((flags & SlRoot) != 0) link.Append('/');
                else if ((flags & SlParent) != 0) link.Append("..");
                else if ((flags & SlCurrent) != 0) link.Append('.');
                else link.Append(NameReader.FromBytes(d, position + 2, length));
                componentOpen = (flags & SlContinue) != 0;
                position += 2 + length;
            }
            return componentOpen;
        }
    }
}
