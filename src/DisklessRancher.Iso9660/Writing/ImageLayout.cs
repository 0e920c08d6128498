using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>Where one tree landed: its directories in path table order, their records, its path tables.</summary>
    internal sealed class TreePlacement
    {
        public TreePlacement(NodeTree tree)
        {
            Tree = tree;
        }

        public NodeTree Tree { get; }

        public List<LayoutNode> Directories { get; } = new List<LayoutNode>();

        public Dictionary<LayoutNode, List<DirectoryRecordPlan>> Records { get; } = new Dictionary<LayoutNode, List<DirectoryRecordPlan>>();

        /// <summary>The number of continuation blocks written right after each directory.</summary>
        public Dictionary<LayoutNode, uint> ContinuationBlocks { get; } = new Dictionary<LayoutNode, uint>();

        public int PathTableSize { get; set; }

        public uint LPathTableLba { get; set; }

        public uint MPathTableLba { get; set; }

        public byte[] Encode(string identifier) =>
            Tree.IsJoliet ? Encoding.BigEndianUnicode.GetBytes(identifier) : Ecma119.Latin1(identifier);
    }

    /// <summary>
    /// Lays out trees from a start block: path tables (L then M, per tree), the directories of each tree, each
    /// followed by its continuation areas, then the new file data. The same layout serves a fresh image (starting after the
    /// volume descriptors) and a remaster (starting after the end of the base image).
    /// </summary>
    internal sealed class ImageLayout
    {
        private ImageLayout(uint startLba)
        {
            StartLba = startLba;
        }

        public uint StartLba { get; }

        public uint EndLba { get; private set; }

        public List<TreePlacement> Trees { get; } = new List<TreePlacement>();

        public List<FileData> NewFiles { get; } = new List<FileData>();

        public static ImageLayout Plan(IEnumerable<NodeTree> trees, uint startLba)
        {
            var layout = new ImageLayout(startLba);
            foreach (var tree in trees) layout.Trees.Add(Prepare(tree));
            layout.Allocate();
            return layout;
        }

        private static TreePlacement Prepare(NodeTree tree)
        {
            var placement = new TreePlacement(tree);
            var queue = new Queue<LayoutNode>();
            queue.Enqueue(tree.Root);
            tree.Root.Parent = null;
            while (queue.Count > 0)
            {
                var dir = queue.Dequeue();
                NameAndSort(tree, dir);
                dir.Number = placement.Directories.Count + 1;
                placement.Directories.Add(dir);
                placement.PathTableSize += PathTableRecordLength(placement, dir);
                placement.Records[dir] = PlanRecords(placement, dir);
                foreach (var child in dir.Children) if (child.IsDirectory) queue.Enqueue(child);
            }
            return placement;
        }

        private static void NameAndSort(NodeTree tree, LayoutNode dir)
        {
            var taken = new HashSet<string>();
            foreach (var child in dir.Children)
            {
                if (child.Identifier != null) taken.Add(NameWriter.CollisionKey(child.Identifier, tree.IsJoliet));
            }
            foreach (var child in dir.Children)
            {
                if (child.Identifier != null) continue;
                child.Identifier = tree.IsJoliet
                    ? NameWriter.NewJoliet(child.Name, child.IsDirectory, taken)
                    : NameWriter.NewPrimary(child.Name, child.IsDirectory, taken);
            }
            var sorted = dir.Children.OrderBy(c => c.Identifier!, Comparer<string>.Create(NameWriter.Compare)).ToList();
            dir.Children.Clear();
            foreach (var child in sorted) dir.Add(child);
        }

        internal static int PathTableRecordLength(TreePlacement placement, LayoutNode dir)
        {
            int idLength = dir.Parent == null ? 1 : placement.Encode(dir.Identifier!).Length;
            return 8 + idLength + (idLength % 2);
        }

        private static List<DirectoryRecordPlan> PlanRecords(TreePlacement placement, LayoutNode dir)
        {
            bool rockRidge = !placement.Tree.IsJoliet;
            var parent = dir.Parent ?? dir;
            var records = new List<DirectoryRecordPlan>
            {
                new DirectoryRecordPlan(dir, RecordRole.Self, 0, new byte[] { 0 },
                    rockRidge ? RockRidgeEntries.WithLinkCount(dir.DotSystemUse, Links(dir)) : new List<byte[]>()),
                new DirectoryRecordPlan(dir, RecordRole.Parent, 0, new byte[] { 1 },
                    rockRidge
                        ? RockRidgeEntries.WithLinkCount(dir.DotDotSystemUse ?? RockRidgeEntries.ForParentLink(parent.DotSystemUse), Links(parent))
                        : new List<byte[]>()),
            };
            foreach (var child in dir.Children)
            {
                var id = placement.Encode(child.Identifier!);
                var systemUse = !rockRidge ? new List<byte[]>()
                    : child.IsDirectory ? RockRidgeEntries.WithLinkCount(child.SystemUse, Links(child))
                    : child.SystemUse;
                int extents = child.IsDirectory || child.Data!.IsNew ? 1 : child.Data.Extents.Count;
                for (int i = 0; i < extents; i++)
                {
                    records.Add(new DirectoryRecordPlan(child, RecordRole.Child, i, id, systemUse));
                }
            }
            uint blocks = 1;
            int offset = 0;
            foreach (var record in records)
            {
                if (offset + record.Length > Ecma119.BlockSize)
                {
                    blocks++;
                    offset = 0;
                }
                offset += record.Length;
            }
            dir.Size = blocks * Ecma119.BlockSize;
            return records;
        }

        private static uint Links(LayoutNode dir) => (uint)(2 + dir.SubdirectoryCount);

        private void Allocate()
        {
            uint next = StartLba;
            foreach (var tree in Trees)
            {
                uint blocks = Ecma119.BlocksFor(tree.PathTableSize);
                tree.LPathTableLba = next;
                tree.MPathTableLba = next + blocks;
                next += 2 * blocks;
            }
            // Each directory's continuation areas follow it, as libisofs does: readers that stream the image
            // (libarchive) only read an area they reach right after the directory that points to it.
            foreach (var tree in Trees)
            {
                foreach (var dir in tree.Directories)
                {
                    dir.Lba = next;
                    next += dir.Size / Ecma119.BlockSize;
                    uint block = 0;
                    int offset = 0;
                    bool any = false;
                    foreach (var record in tree.Records[dir])
                    {
                        if (record.Continuation == null) continue;
                        if (offset + record.Continuation.Length > Ecma119.BlockSize)
                        {
                            block++;
                            offset = 0;
                        }
                        record.ContinuationLba = next + block;
                        record.ContinuationOffset = (uint)offset;
                        offset += record.Continuation.Length;
                        any = true;
                    }
                    uint continuationBlocks = any ? block + 1 : 0;
                    tree.ContinuationBlocks[dir] = continuationBlocks;
                    next += continuationBlocks;
                }
            }
            var seen = new HashSet<FileData>();
            foreach (var tree in Trees)
            {
                foreach (var dir in tree.Directories)
                {
                    foreach (var child in dir.Children)
                    {
                        if (child.Data == null || !child.Data.IsNew || !seen.Add(child.Data)) continue;
                        child.Data.Place(next);
                        next += Ecma119.BlocksFor(child.Data.Length);
                        NewFiles.Add(child.Data);
                    }
                }
            }
            EndLba = next;
        }
    }
}
