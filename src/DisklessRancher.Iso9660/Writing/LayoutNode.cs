using System.Collections.Generic;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// A file or directory of one directory tree (the ISO 9660/Rock Ridge tree or a Joliet tree) as it will be
    /// written. Entries kept from a base image carry their stored identifier, flags, date and System Use
    /// entries; new entries get an identifier when the tree is laid out.
    /// </summary>
    internal sealed class LayoutNode
    {
        public LayoutNode(string name, bool isDirectory, byte[] date)
        {
            Name = name;
            IsDirectory = isDirectory;
            Date = date;
        }

        /// <summary>The name readers show (Rock Ridge, or Joliet, or the translated ISO 9660 name).</summary>
        public string Name { get; }

        public bool IsDirectory { get; }

        public LayoutNode? Parent { get; set; }

        public List<LayoutNode> Children { get; } = new List<LayoutNode>();

        /// <summary>The identifier as stored (ISO-8859-1 characters, or UCS-2 in a Joliet tree); null until assigned.</summary>
        public string? Identifier { get; set; }

        /// <summary>Record flags other than directory and multi-extent (hidden, associated, ...).</summary>
        public byte Flags { get; set; }

        public byte[] Date { get; set; }

        /// <summary>System Use entries of the node's own record (continuation areas already resolved).</summary>
        public List<byte[]> SystemUse { get; set; } = new List<byte[]>();

        /// <summary>System Use entries of a directory's "." record.</summary>
        public List<byte[]> DotSystemUse { get; set; } = new List<byte[]>();

        /// <summary>System Use entries of a directory's ".." record, or null to derive them from the parent.</summary>
        public List<byte[]>? DotDotSystemUse { get; set; }

        public FileData? Data { get; set; }

        // Results of the layout.
        public uint Lba { get; set; }

        public uint Size { get; set; }

        /// <summary>The 1-based directory number in the path table.</summary>
        public int Number { get; set; }

        public int SubdirectoryCount
        {
            get
            {
                int count = 0;
                foreach (var child in Children) if (child.IsDirectory) count++;
                return count;
            }
        }

        public LayoutNode? FindChild(string name)
        {
            foreach (var child in Children) if (child.Name == name) return child;
            return null;
        }

        public void Add(LayoutNode child)
        {
            child.Parent = this;
            Children.Add(child);
        }
    }
}
