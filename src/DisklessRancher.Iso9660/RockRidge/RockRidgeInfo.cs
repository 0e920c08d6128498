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
                byte[] e = entry.Raw;
                switch (entry.Signature)
                {
                    case "NM" when !nameDone && e.Length > SuspLayout.Flags:
                        if ((e[SuspLayout.Flags] & NmCurrent) != 0) { info.Name = "."; nameDone = true; break; }
                        if ((e[SuspLayout.Flags] & NmParent) != 0) { info.Name = ".."; nameDone = true; break; }
                        name ??= new List<byte>();
                        for (int i = SuspLayout.Content; i < e.Length; i++) name.Add(e[i]);
                        if ((e[SuspLayout.Flags] & NmContinue) == 0) nameDone = true;
                        break;
                    case "PX" when e.Length >= SuspLayout.PxLength109:
                        info.Mode = Ecma119.ReadUInt32LE(e, SuspLayout.PxMode);
                        info.LinkCount = Ecma119.ReadUInt32LE(e, SuspLayout.PxLinks);
                        info.Uid = Ecma119.ReadUInt32LE(e, SuspLayout.PxUid);
                        info.Gid = Ecma119.ReadUInt32LE(e, SuspLayout.PxGid);
                        if (e.Length >= SuspLayout.PxLength112) info.SerialNumber = Ecma119.ReadUInt32LE(e, SuspLayout.PxSerial);
                        break;
                    case "TF" when e.Length > SuspLayout.Flags:
                        info.ModifyTime = ParseModifyTime(e) ?? info.ModifyTime;
                        break;
                    case "PN" when e.Length >= SuspLayout.PnLength:
                        info.DeviceNumber = ((ulong)Ecma119.ReadUInt32LE(e, SuspLayout.PnHigh) << 32) | Ecma119.ReadUInt32LE(e, SuspLayout.PnLow);
                        break;
                    case "SL" when !linkDone && e.Length > SuspLayout.Flags:
                        link ??= new StringBuilder();
                        componentOpen = AppendSymlinkComponents(e, link, componentOpen);
                        if ((e[SuspLayout.Flags] & SlContinue) == 0) linkDone = true;
                        break;
                    case "CL" when e.Length >= SuspLayout.LinkLength:
                        info.ChildLink = Ecma119.ReadUInt32LE(e, SuspLayout.LinkLba);
                        break;
                    case "PL" when e.Length >= SuspLayout.LinkLength:
                        info.ParentLink = Ecma119.ReadUInt32LE(e, SuspLayout.LinkLba);
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
        private static DateTimeOffset? ParseModifyTime(byte[] e)
        {
            int flags = e[SuspLayout.Flags];
            if ((flags & 0x02) == 0) return null;
            bool longForm = (flags & TfLongForm) != 0;
            int size = longForm ? 17 : 7;
            int offset = SuspLayout.Content + ((flags & 0x01) != 0 ? size : 0);
            if (offset + size > e.Length) return null;
            return longForm ? Ecma119.ReadDescriptorDate(e, offset) : Ecma119.ReadRecordDate(e, offset);
        }

        /// <summary>Appends an SL entry's components; returns whether the last component continues in the next entry.</summary>
        private static bool AppendSymlinkComponents(byte[] e, StringBuilder link, bool componentOpen)
        {
            int position = SuspLayout.Content;
            while (position + 2 <= e.Length)
            {
                int flags = e[position], length = e[position + 1];
                if (position + 2 + length > e.Length) break;
                if (!componentOpen && link.Length > 0 && link[link.Length - 1] != '/') link.Append('/');
                if ((flags & SlRoot) != 0) link.Append('/');
                else if ((flags & SlParent) != 0) link.Append("..");
                else if ((flags & SlCurrent) != 0) link.Append('.');
                else link.Append(NameReader.FromBytes(e, position + 2, length));
                componentOpen = (flags & SlContinue) != 0;
                position += 2 + length;
            }
            return componentOpen;
        }
    }
}
