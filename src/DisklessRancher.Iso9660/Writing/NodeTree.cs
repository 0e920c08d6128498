using System;
using System.Collections.Generic;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// One directory tree to write (the ISO 9660 tree, with Rock Ridge when it has a profile, or a Joliet tree)
    /// and the edits made to it by path.
    /// </summary>
    internal sealed class NodeTree
    {
        public NodeTree(LayoutNode root, bool isJoliet, RockRidgeProfile? rockRidge)
        {
            Root = root;
            IsJoliet = isJoliet;
            RockRidge = rockRidge;
        }

        public LayoutNode Root { get; }

        public bool IsJoliet { get; }

        public RockRidgeProfile? RockRidge { get; }

        /// <summary>Splits "/a/b/c" into its names; rejects empty paths and "." or ".." components.</summary>
        public static string[] SplitPath(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var parts = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) throw new ArgumentException("The path names no entry inside the image.", nameof(path));
            foreach (var part in parts)
            {
                if (part == "." || part == "..") throw new ArgumentException($"The path '{path}' must not contain '.' or '..'.", nameof(path));
                if (part.IndexOf('\0') >= 0) throw new ArgumentException($"The path '{path}' contains a NUL character.", nameof(path));
            }
            return parts;
        }

        public LayoutNode NewNode(string name, bool isDirectory, PosixAttributes attributes)
        {
            var node = new LayoutNode(name, isDirectory, Ecma119.RecordDate(attributes.Time));
            if (RockRidge != null)
            {
                node.SystemUse = RockRidgeEntries.ForNewEntry(RockRidge, name, isDirectory, attributes);
                if (isDirectory) node.DotSystemUse = RockRidgeEntries.ForNewEntry(RockRidge, null, true, attributes);
            }
            return node;
        }

        /// <summary>The directory at <paramref name="parts"/>, made (with its missing parents) when absent.</summary>
        public LayoutNode EnsureDirectory(IReadOnlyList<string> parts, int count, PosixAttributes attributes)
        {
            var current = Root;
            for (int i = 0; i < count; i++)
            {
                var child = current.FindChild(parts[i]);
                if (child == null)
                {
                    child = NewNode(parts[i], true, attributes);
                    current.Add(child);
                }
                else if (!child.IsDirectory)
                {
                    throw new InvalidOperationException($"'/{string.Join("/", parts, 0, i + 1)}' is a file, not a directory.");
                }
                current = child;
            }
            return current;
        }

        /// <summary>Adds a file, or replaces the content and attributes of the file already at that path.</summary>
        public void PutFile(IReadOnlyList<string> parts, FileData data, PosixAttributes file, PosixAttributes directories)
        {
            var parent = EnsureDirectory(parts, parts.Count - 1, directories);
            var name = parts[parts.Count - 1];
            var node = NewNode(name, false, file);
            node.Data = data;
            var existing = parent.FindChild(name);
            if (existing != null)
            {
                if (existing.IsDirectory) throw new InvalidOperationException($"'/{string.Join("/", parts)}' is a directory, not a file.");
                node.Identifier = existing.Identifier;
                parent.Children.Remove(existing);
            }
            parent.Add(node);
        }

        /// <summary>Removes the entry (a directory with everything under it); false when there is none.</summary>
        public bool Remove(IReadOnlyList<string> parts)
        {
            var current = Root;
            for (int i = 0; i < parts.Count - 1; i++)
            {
                current = current.FindChild(parts[i]);
                if (current == null || !current.IsDirectory) return false;
            }
            var node = current.FindChild(parts[parts.Count - 1]);
            if (node == null) return false;
            current.Children.Remove(node);
            return true;
        }
    }
}
