using System;
using System.Text;
using DisklessRancher.Iso9660;

namespace DisklessRancher
{
    /// <summary>One file or directory inside an ISO image, as Get-IsoItem shows it (Linux names and attributes).</summary>
    public sealed class IsoItem
    {
        internal IsoItem(string imagePath, IsoDirectoryEntry entry)
        {
            ImagePath = imagePath;
            FullName = entry.FullName;
            Name = entry.Name;
            Length = entry.IsDirectory ? 0 : entry.Length;
            IsDirectory = entry.IsDirectory;
            Mode = entry.Mode;
            Uid = entry.Uid;
            Gid = entry.Gid;
            LastWriteTime = entry.LastWriteTime;
            Lba = entry.Lba;
            SymlinkTarget = entry.SymlinkTarget;
        }

        /// <summary>The ISO image file the item is in.</summary>
        public string ImagePath { get; }

        /// <summary>The absolute path inside the image, e.g. /boot/isolinux/isolinux.bin.</summary>
        public string FullName { get; }

        public string Name { get; }

        /// <summary>Bytes of data (0 for a directory).</summary>
        public long Length { get; }

        public bool IsDirectory { get; }

        /// <summary>POSIX mode bits from Rock Ridge (type and permissions), or null when the image has no Rock Ridge.</summary>
        public uint? Mode { get; }

        /// <summary>The mode as ls shows it, e.g. "-rw-r--r--"; null without Rock Ridge.</summary>
        public string? UnixMode => Mode is uint mode ? FormatMode(mode) : null;

        public uint? Uid { get; }

        public uint? Gid { get; }

        public DateTimeOffset? LastWriteTime { get; }

        /// <summary>The first logical block of the data.</summary>
        public long Lba { get; }

        /// <summary>The target of a symbolic link, else null.</summary>
        public string? SymlinkTarget { get; }

        public override string ToString() => FullName;

        private static string FormatMode(uint mode)
        {
            StringBuilder text = new StringBuilder(10);
            text.Append((mode & 0xF000) switch
            {
                0x4000 => 'd',
                0xA000 => 'l',
                0x2000 => 'c',
                0x6000 => 'b',
                0x1000 => 'p',
                0xC000 => 's',
                _ => '-',
            });
            const string letters = "rwxrwxrwx";
            for (int i = 0; i < 9; i++) text.Append((mode & (1u << (8 - i))) != 0 ? letters[i] : '-');
            return text.ToString();
        }
    }
}
