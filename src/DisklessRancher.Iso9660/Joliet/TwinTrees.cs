using System;
using System.Collections.Generic;
using System.Text;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>The ISO 9660 tree and the Joliet tree of one image, edited in step by path.</summary>
    internal sealed class TwinTrees
    {
        public const int DefaultFileMode = 0x1A4; // 0644
        public const int DefaultDirectoryMode = 0x1ED; // 0755
        private const int MaxNameBytes = 255;

        public TwinTrees(NodeTree primary, NodeTree? joliet)
        {
            Primary = primary;
            Joliet = joliet;
        }

        public NodeTree Primary { get; }

        public NodeTree? Joliet { get; }

        public IEnumerable<NodeTree> All
        {
            get
            {
                yield return Primary;
                if (Joliet != null) yield return Joliet;
            }
        }

        public void PutFile(string path, FileData data, int mode, DateTimeOffset time)
        {
            var parts = Split(path);
            var file = Attributes(mode, time);
            var directories = Attributes(DefaultDirectoryMode, time);
            foreach (var tree in All) tree.PutFile(parts, data, file, directories);
        }

        public void AddDirectory(string path, int mode, DateTimeOffset time)
        {
            var parts = Split(path);
            var attributes = Attributes(mode, time);
            foreach (var tree in All) tree.EnsureDirectory(parts, parts.Length, attributes);
        }

        /// <summary>Removes the entry from both trees; false when neither had it.</summary>
        public bool Remove(string path)
        {
            var parts = Split(path);
            bool removed = false;
            foreach (var tree in All) removed |= tree.Remove(parts);
            return removed;
        }

        public bool Contains(string path)
        {
            var current = Primary.Root;
            foreach (var part in Split(path))
            {
                current = current.FindChild(part);
                if (current == null) return false;
            }
            return true;
        }

        private static string[] Split(string path)
        {
            var parts = NodeTree.SplitPath(path);
            foreach (var part in parts)
            {
                if (Encoding.UTF8.GetByteCount(part) > MaxNameBytes) throw new ArgumentException($"The name '{part}' is longer than {MaxNameBytes} bytes.", nameof(path));
            }
            return parts;
        }

        private static PosixAttributes Attributes(int mode, DateTimeOffset time)
        {
            if (mode < 0 || mode > 0xFFF) throw new ArgumentOutOfRangeException(nameof(mode), mode, "A mode holds permission bits only (0 to 07777).");
            return new PosixAttributes(mode, 0, 0, time);
        }
    }
}
