using System;
using System.Collections.Generic;

namespace DisklessRancher.Iso9660
{
    /// <summary>One System Use Sharing Protocol entry (SUSP 4.1): signature, version and the bytes after its 4-byte header.</summary>
    public sealed class SuspEntry
    {
        private readonly byte[] _raw;

        /// <param name="raw">The whole entry, its header included.</param>
        internal SuspEntry(string signature, byte[] raw, long lba, int offset, bool inContinuationArea)
        {
            Signature = signature;
            _raw = raw;
            Lba = lba;
            Offset = offset;
            IsInContinuationArea = inContinuationArea;
        }

        /// <summary>Two characters, e.g. "SP", "CE", "NM", "PX".</summary>
        public string Signature { get; }

        public byte Version => _raw[SuspLayout.Version];

        /// <summary>The entry's payload (everything after signature, length and version).</summary>
        public IReadOnlyList<byte> Data => new ArraySegment<byte>(_raw, SuspLayout.HeaderLength, _raw.Length - SuspLayout.HeaderLength);

        /// <summary>The block and byte offset where the entry's header starts.</summary>
        public long Lba { get; }

        public int Offset { get; }

        /// <summary>True when the entry was read from a CE continuation area rather than the record itself.</summary>
        public bool IsInContinuationArea { get; }

        /// <summary>The whole entry as stored, its header included: positions are those of <see cref="SuspLayout"/>.</summary>
        internal byte[] Raw => _raw;

        public override string ToString() => $"{Signature} v{Version} ({_raw.Length - SuspLayout.HeaderLength} bytes)";
    }
}
