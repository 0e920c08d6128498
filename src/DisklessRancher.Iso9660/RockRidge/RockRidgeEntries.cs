using System;
using System.Collections.Generic;
using System.Text;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>The Rock Ridge version a tree speaks; new entries follow the version of the image they join.</summary>
    internal sealed class RockRidgeProfile
    {
        public RockRidgeProfile(int pxLength, bool writesRrEntry)
        {
            PxLength = pxLength;
            WritesRrEntry = writesRrEntry;
        }

        /// <summary>RRIP 1.12: PX of 44 bytes with a file serial number, ER "IEEE_P1282".</summary>
        public static RockRidgeProfile Rrip112() => new RockRidgeProfile(SuspLayout.PxLength112, false);

        /// <summary>44 (RRIP 1.12, with a file serial number) or 36 (RRIP 1.09/1.10).</summary>
        public int PxLength { get; }

        /// <summary>RRIP 1.09 images (genisoimage) carry the obsolete RR entry listing the entries present.</summary>
        public bool WritesRrEntry { get; }

        /// <summary>The next PX file serial number (RRIP 1.12).</summary>
        public uint NextSerial { get; set; } = 1;
    }

    /// <summary>POSIX attributes of a new entry (Rock Ridge PX and TF).</summary>
    internal struct PosixAttributes
    {
        public PosixAttributes(int mode, uint uid, uint gid, DateTimeOffset time)
        {
            Mode = mode;
            Uid = uid;
            Gid = gid;
            Time = time;
        }

        /// <summary>Permission bits (e.g. 0x180 for 0600); the file type bits are added from the entry kind.</summary>
        public int Mode { get; }

        public uint Uid { get; }

        public uint Gid { get; }

        public DateTimeOffset Time { get; }
    }

    /// <summary>SUSP (IEEE P1281) and RRIP (IEEE P1282) System Use entries.</summary>
    internal static class RockRidgeEntries
    {
        private const byte RrClaimsNm = 0x08;
        private const int FileType = 0x8000;
        private const int DirectoryType = 0x4000;
        private const int MaxNamePart = 250;

        public static byte[] Sp()
        {
            var e = new byte[SuspLayout.SpLength];
            Buffer.BlockCopy(SuspLayout.SpPrefix, 0, e, 0, SuspLayout.SpPrefix.Length);
            return e;
        }

        public static byte[] Er112()
        {
            return Er("IEEE_P1282",
                "THE IEEE P1282 PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS.",
                "PLEASE CONTACT THE IEEE STANDARDS DEPARTMENT, PISCATAWAY, NJ, USA FOR THE P1282 SPECIFICATION.");
        }

        public static byte[] Ce(uint lba, uint offset, uint length)
        {
            var e = Header("CE", SuspLayout.CeLength);
            Ecma119.WriteUInt32Both(e, SuspLayout.CeLba, lba);
            Ecma119.WriteUInt32Both(e, SuspLayout.CeOffset, offset);
            Ecma119.WriteUInt32Both(e, SuspLayout.CeAreaLength, length);
            return e;
        }

        /// <summary>NM, PX and TF (and RR for RRIP 1.09) for a new file or directory named <paramref name="name"/>.</summary>
        public static List<byte[]> ForNewEntry(RockRidgeProfile profile, string? name, bool isDirectory, PosixAttributes attributes)
        {
            var entries = new List<byte[]>();
            if (profile.WritesRrEntry)
            {
                var rr = Header("RR", SuspLayout.RrLength);
                rr[SuspLayout.RrFlags] = (byte)(name != null ? 0x89 : 0x81);
                entries.Add(rr);
            }
            // PX first: some readers (pycdlib) infer the Rock Ridge version from the entries inside the record.
            entries.Add(Px(profile, isDirectory, attributes));
            entries.Add(Tf(attributes.Time));
            if (name != null) entries.AddRange(Nm(name));
            return entries;
        }

        /// <summary>A copy of the entries with the link count of a PX entry set to <paramref name="links"/>.</summary>
        public static List<byte[]> WithLinkCount(List<byte[]> entries, uint links)
        {
            var result = new List<byte[]>(entries.Count);
            foreach (var e in entries)
            {
                if (IsSignature(e, "PX") && e.Length >= SuspLayout.PxLinks + 8)
                {
                    var copy = (byte[])e.Clone();
                    Ecma119.WriteUInt32Both(copy, SuspLayout.PxLinks, links);
                    result.Add(copy);
                }
                else result.Add(e);
            }
            return result;
        }

        /// <summary>
        /// The entries of a directory's "." record from those of its own record: no NM, and an RRIP 1.09 RR entry
        /// that no longer claims one.
        /// </summary>
        public static List<byte[]> ForSelfRecord(List<byte[]> entries)
        {
            var result = new List<byte[]>(entries.Count);
            foreach (var e in entries)
            {
                if (IsSignature(e, "NM")) continue;
                if (IsSignature(e, "RR") && e.Length >= SuspLayout.RrLength && (e[SuspLayout.RrFlags] & RrClaimsNm) != 0)
                {
                    var copy = (byte[])e.Clone();
                    copy[SuspLayout.RrFlags] &= unchecked((byte)~RrClaimsNm);
                    result.Add(copy);
                }
                else result.Add(e);
            }
            return result;
        }

        /// <summary>The entries a ".." record repeats from its parent's "." record.</summary>
        public static List<byte[]> ForParentLink(List<byte[]> parentDot)
        {
            var result = new List<byte[]>();
            foreach (var e in parentDot)
            {
                if (IsSignature(e, "PX") || IsSignature(e, "TF") || IsSignature(e, "RR")) result.Add(e);
            }
            return result;
        }

        public static bool IsSignature(byte[] entry, string signature) =>
            entry.Length >= SuspLayout.HeaderLength && entry[SuspLayout.Signature] == signature[0] && entry[SuspLayout.Signature + 1] == signature[1];

        public static int TotalLength(List<byte[]> entries)
        {
            int total = 0;
            foreach (var e in entries) total += e.Length;
            return total;
        }

        private static IEnumerable<byte[]> Nm(string name)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            for (int start = 0; start < bytes.Length; start += MaxNamePart)
            {
                int count = Math.Min(MaxNamePart, bytes.Length - start);
                var e = Header("NM", SuspLayout.Content + count);
                e[SuspLayout.Flags] = (byte)(start + count < bytes.Length ? 1 : 0);
                Buffer.BlockCopy(bytes, start, e, SuspLayout.Content, count);
                yield return e;
            }
        }

        private static byte[] Px(RockRidgeProfile profile, bool isDirectory, PosixAttributes a)
        {
            var e = Header("PX", profile.PxLength);
            Ecma119.WriteUInt32Both(e, SuspLayout.PxMode, (uint)((isDirectory ? DirectoryType : FileType) | (a.Mode & 0xFFF)));
            Ecma119.WriteUInt32Both(e, SuspLayout.PxLinks, isDirectory ? 2u : 1u);
            Ecma119.WriteUInt32Both(e, SuspLayout.PxUid, a.Uid);
            Ecma119.WriteUInt32Both(e, SuspLayout.PxGid, a.Gid);
            if (profile.PxLength >= SuspLayout.PxLength112) Ecma119.WriteUInt32Both(e, SuspLayout.PxSerial, profile.NextSerial++);
            return e;
        }

        private static byte[] Tf(DateTimeOffset time)
        {
            // Modify, access and attribute-change times, short form.
            var stamp = Ecma119.RecordDate(time);
            var e = Header("TF", SuspLayout.Content + 3 * stamp.Length);
            e[SuspLayout.Flags] = 0x0E;
            for (int i = 0; i < 3; i++) Buffer.BlockCopy(stamp, 0, e, SuspLayout.Content + stamp.Length * i, stamp.Length);
            return e;
        }

        private static byte[] Er(string id, string descriptor, string source)
        {
            var e = Header("ER", SuspLayout.ErId + id.Length + descriptor.Length + source.Length);
            e[SuspLayout.ErIdLength] = (byte)id.Length;
            e[SuspLayout.ErDescriptorLength] = (byte)descriptor.Length;
            e[SuspLayout.ErSourceLength] = (byte)source.Length;
            e[SuspLayout.ErVersion] = 1;
            Encoding.ASCII.GetBytes(id + descriptor + source, 0, id.Length + descriptor.Length + source.Length, e, SuspLayout.ErId);
            return e;
        }

        private static byte[] Header(string signature, int length)
        {
            var e = new byte[length];
            e[SuspLayout.Signature] = (byte)signature[0];
            e[SuspLayout.Signature + 1] = (byte)signature[1];
            e[SuspLayout.Length] = (byte)length;
            e[SuspLayout.Version] = 1;
            return e;
        }
    }
}
