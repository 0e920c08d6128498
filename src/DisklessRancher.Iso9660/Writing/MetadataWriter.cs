using System;
using System.IO;
using System.Threading;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>Serializes a layout: path tables, directories with their continuation areas, then the new file data.</summary>
    internal static class MetadataWriter
    {
        /// <summary>Writes everything from the layout's start block; the stream must be positioned there.</summary>
        public static void Write(Stream output, ImageLayout layout, byte[] buffer, Action<long> advanced, CancellationToken cancellationToken)
        {
            foreach (var tree in layout.Trees)
            {
                WriteBlocks(output, PathTable(tree, bigEndian: false), advanced);
                WriteBlocks(output, PathTable(tree, bigEndian: true), advanced);
            }
            foreach (var tree in layout.Trees)
            {
                foreach (var dir in tree.Directories)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    WriteBlocks(output, Directory(dir, tree), advanced);
                    uint blocks = tree.ContinuationBlocks[dir];
                    if (blocks > 0) WriteBlocks(output, ContinuationAreas(dir, tree, blocks), advanced);
                }
            }
            foreach (var file in layout.NewFiles)
            {
                file.WriteTo(output, buffer, advanced, cancellationToken);
            }
        }

        private static byte[] PathTable(TreePlacement tree, bool bigEndian)
        {
            var table = new byte[Ecma119.BlocksFor(tree.PathTableSize) * Ecma119.BlockSize];
            int p = 0;
            foreach (var dir in tree.Directories)
            {
                var id = dir.Parent == null ? new byte[] { 0 } : tree.Encode(dir.Identifier!);
                table[p] = (byte)id.Length;
                int parentNumber = dir.Parent?.Number ?? 1;
                if (bigEndian)
                {
                    Ecma119.WriteUInt32BE(table, p + 2, dir.Lba);
                    Ecma119.WriteUInt16BE(table, p + 6, parentNumber);
                }
                else
                {
                    Ecma119.WriteUInt32LE(table, p + 2, dir.Lba);
                    Ecma119.WriteUInt16LE(table, p + 6, parentNumber);
                }
                Buffer.BlockCopy(id, 0, table, p + 8, id.Length);
                p += ImageLayout.PathTableRecordLength(tree, dir);
            }
            return table;
        }

        private static byte[] Directory(LayoutNode dir, TreePlacement tree)
        {
            var bytes = new byte[dir.Size];
            int p = 0;
            foreach (var record in tree.Records[dir])
            {
                if (p % Ecma119.BlockSize + record.Length > Ecma119.BlockSize) p = (p / Ecma119.BlockSize + 1) * Ecma119.BlockSize;
                record.WriteTo(bytes, p);
                p += record.Length;
            }
            return bytes;
        }

        private static byte[] ContinuationAreas(LayoutNode dir, TreePlacement tree, uint blocks)
        {
            var areas = new byte[blocks * Ecma119.BlockSize];
            uint first = dir.Lba + dir.Size / Ecma119.BlockSize;
            foreach (var record in tree.Records[dir])
            {
                if (record.Continuation == null) continue;
                int at = (int)((record.ContinuationLba - first) * Ecma119.BlockSize + record.ContinuationOffset);
                Buffer.BlockCopy(record.Continuation, 0, areas, at, record.Continuation.Length);
            }
            return areas;
        }

        private static void WriteBlocks(Stream output, byte[] bytes, Action<long> advanced)
        {
            output.Write(bytes, 0, bytes.Length);
            advanced(bytes.Length);
        }
    }
}
