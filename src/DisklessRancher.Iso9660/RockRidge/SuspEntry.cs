using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>One System Use Sharing Protocol entry (SUSP 4.1): signature, version and the bytes after its 4-byte header.</summary>
    public sealed class SuspEntry
    {
        private readonly byte[] _data;

        internal SuspEntry(string signature, byte version, byte[] data, long lba, int offset, bool inContinuationArea)
        {
            Signature = signature;
            Version = version;
            _data = data;
            Lba = lba;
            Offset = offset;
            IsInContinuationArea = inContinuationArea;
        }

        /// <summary>Two characters, e.g. "SP", "CE", "NM", "PX".</summary>
        public string Signature { get; }

        public byte Version { get; }

        /// <summary>The entry's payload (everything after signature, length and version).</summary>
        public IReadOnlyList<byte> Data => _data;

        /// <summary>The block and byte offset where the entry's header starts.</summary>
        public long Lba { get; }

        public int Offset { get; }

        /// <summary>True when the entry was read from a CE continuation area rather than the record itself.</summary>
        public bool IsInContinuationArea { get; }

        internal byte[] RawData => _data;

        public override string ToString() => $"{Signature} v{Version} ({_data.Length} bytes)";
    }
}
