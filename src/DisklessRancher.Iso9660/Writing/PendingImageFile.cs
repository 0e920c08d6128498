using System;
using System.Collections.Generic;
using DisklessRancher.Files;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// An image written in full under a temporary name beside its destination. <see cref="Commit"/> renames it
    /// into place; disposed without a commit, the temporary file is deleted. Commit may run on another thread than
    /// the write, so the next image can be written meanwhile.
    /// </summary>
    public sealed class PendingImageFile : IDisposable
    {
        private readonly AtomicFile output;
        private readonly IsoImage? readBack;

        internal PendingImageFile(AtomicFile output, string destination, Writing.BasePrefix? prefix = null, IReadOnlyList<string>? warnings = null, IsoImage? readBack = null)
        {
            this.output = output;
            this.readBack = readBack;
            Destination = destination;
            Prefix = prefix;
            Warnings = warnings ?? new string[0];
        }

        /// <summary>What the image differs in from its base beyond the edits asked for, for the user to know.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>The full path the image will have once committed.</summary>
        public string Destination { get; }

        /// <summary>For an image remastered from a base: how its bytes up to the base's end came to be.</summary>
        internal Writing.BasePrefix? Prefix { get; }

        /// <summary>
        /// Reads the written image through the writer's own handle, before it is put in place; dispose it before
        /// <see cref="Commit"/>. When the writer read it back already, that reading is given, with the trees it read.
        /// </summary>
        public IsoImage Read()
        {
            output.Stream.Flush();
            return readBack ?? IsoImage.Open(output.Stream);
        }

        /// <summary>Renames the image into place, replacing a file of that name unless told not to (then an IOException).</summary>
        public void Commit(bool replace = true) => output.Commit(replace);

        public void Dispose() => output.Dispose();
    }
}
