using System.Collections.Generic;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// Turns the trees an <see cref="IsoImage"/> read into trees to write again: every entry keeps its stored
    /// identifier, flags, date, extents and System Use entries (continuation areas resolved, so they can be
    /// placed anew). Rock Ridge relocation (CL, PL, RE) is undone: a relocated directory is written where it
    /// belongs.
    /// </summary>
    internal static class KeptTrees
    {
        private static readonly string[] Dropped = { "CE", "ST", "PD", "CL", "PL", "RE" };

        public static NodeTree Primary(IsoImage image)
        {
            var root = image.PrimaryRoot;
            RockRidgeProfile? profile = null;
            if (image.HasRockRidge)
            {
                bool rrip112 = image.RockRidgeExtension != null && image.RockRidgeExtension.StartsWith("IEEE", System.StringComparison.Ordinal);
                profile = new RockRidgeProfile(rrip112 ? SuspLayout.PxLength112 : SuspLayout.PxLength109, HasEntry(root.SystemUse, "RR"));
            }
            var node = Convert(root, joliet: false, profile);
            node.DotSystemUse = RockRidgeEntries.ForSelfRecord(node.SystemUse);
            node.SystemUse = new List<byte[]>();
            return new NodeTree(node, false, profile);
        }

        public static NodeTree Joliet(IsoDirectoryEntry root) => new NodeTree(Convert(root, joliet: true, null), true, null);

        private static LayoutNode Convert(IsoDirectoryEntry entry, bool joliet, RockRidgeProfile? profile)
        {
            var record = entry.Records[0];
            var id = record.GetIdentifier();
            var node = new LayoutNode(entry.Name, entry.IsDirectory, record.GetRecordingDate())
            {
                Identifier = joliet ? System.Text.Encoding.BigEndianUnicode.GetString(id, 0, id.Length & ~1) : Ecma119.Latin1(id),
                Flags = (byte)(record.Flags & ~(DirectoryRecordFlags.Directory | DirectoryRecordFlags.MultiExtent)),
                SystemUse = RawEntries(entry.SystemUse, profile),
            };
            if (entry.IsDirectory)
            {
                node.DotSystemUse = RockRidgeEntries.ForSelfRecord(node.SystemUse);
                foreach (var child in entry.Children) node.Add(Convert(child, joliet, profile));
            }
            else
            {
                var extents = new List<DataExtent>(entry.Extents.Count);
                foreach (var e in entry.Extents) extents.Add(new DataExtent((uint)e.Lba, (uint)e.Length));
                node.Data = FileData.Kept(extents);
            }
            return node;
        }

        private static List<byte[]> RawEntries(IReadOnlyList<SuspEntry> entries, RockRidgeProfile? profile)
        {
            var raw = new List<byte[]>(entries.Count);
            foreach (var e in entries)
            {
                if (System.Array.IndexOf(Dropped, e.Signature) >= 0) continue;
                if (e.Signature == "SP")
                {
                    raw.Add(RockRidgeEntries.Sp()); // records are written without the base's CD-XA data: nothing to skip
                    continue;
                }
                raw.Add((byte[])e.Raw.Clone());
                if (profile != null && e.Signature == "PX" && e.Raw.Length >= SuspLayout.PxLength112)
                {
                    uint serial = Ecma119.ReadUInt32LE(e.Raw, SuspLayout.PxSerial);
                    if (serial >= profile.NextSerial) profile.NextSerial = serial + 1;
                }
            }
            return raw;
        }

        private static bool HasEntry(IReadOnlyList<SuspEntry> entries, string signature)
        {
            foreach (var e in entries) if (e.Signature == signature) return true;
            return false;
        }
    }
}
