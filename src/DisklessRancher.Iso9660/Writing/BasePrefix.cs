using System;
using System.Collections.Generic;

namespace DisklessRancher.Iso9660.Writing
{
    /// <summary>
    /// What a remastered image's first <see cref="Length"/> bytes are: a copy of the base as it was at
    /// <see cref="BaseWriteTimeUtc"/>, rewritten only in <see cref="Patches"/>.
    /// </summary>
    internal sealed class BasePrefix
    {
        public BasePrefix(string basePath, long length, DateTime baseWriteTimeUtc, IReadOnlyList<(long Offset, int Count)> patches)
        {
            BasePath = basePath;
            Length = length;
            BaseWriteTimeUtc = baseWriteTimeUtc;
            Patches = patches;
        }

        public string BasePath { get; }

        public long Length { get; }

        public DateTime BaseWriteTimeUtc { get; }

        public IReadOnlyList<(long Offset, int Count)> Patches { get; }

        public bool SameBaseAs(BasePrefix other)
        {
            if (BasePath != other.BasePath || Length != other.Length || BaseWriteTimeUtc != other.BaseWriteTimeUtc) return false;
            if (Patches.Count != other.Patches.Count) return false;
            for (int i = 0; i < Patches.Count; i++)
            {
                if (Patches[i] != other.Patches[i]) return false;
            }
            return true;
        }
    }
}
