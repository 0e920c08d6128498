using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DisklessRancher.Iso9660.Writing;

namespace DisklessRancher.Iso9660
{
    /// <summary>
    /// Makes the stored identifiers of new entries, unique among their siblings, and sorts directory records in
    /// the ECMA-119 9.3 order. ISO 9660 names are level 2 d-characters (30 characters plus ".;1" for files, 31 for
    /// directories); Joliet names are up to 64 UCS-2 characters, without a version (as xorriso writes them).
    /// </summary>
    internal static class NameWriter
    {
        private const int MaxPrimaryFile = 30;
        private const int MaxPrimaryDirectory = 31;
        private const int MaxJoliet = 64;

        /// <summary>
        /// The key under which two identifiers would collide for a reader: version ignored, and in the ISO 9660
        /// tree case and a trailing dot too (Linux shows "USER_DATA.;1" and "user_data" alike).
        /// </summary>
        public static string CollisionKey(string identifier, bool joliet)
        {
            int semicolon = identifier.IndexOf(';');
            var name = semicolon >= 0 ? identifier.Substring(0, semicolon) : identifier;
            return joliet ? name : name.TrimEnd('.').ToUpperInvariant();
        }

        public static string NewPrimary(string name, bool isDirectory, ISet<string> taken)
        {
            if (isDirectory)
            {
                var dir = DCharacters(name);
                return Unique(taken, false, n => Truncate(dir, MaxPrimaryDirectory - n.Length) + n, s => s);
            }
            int dot = name.LastIndexOf('.');
            var stem = DCharacters(dot > 0 ? name.Substring(0, dot) : name);
            var ext = dot > 0 ? DCharacters(name.Substring(dot + 1)) : string.Empty;
            if (ext.Length > 8 && stem.Length + ext.Length > MaxPrimaryFile) ext = ext.Substring(0, 8);
            return Unique(taken, false, n => Truncate(stem, MaxPrimaryFile - ext.Length - n.Length) + n + "." + ext, s => s + ";1");
        }

        public static string NewJoliet(string name, bool isDirectory, ISet<string> taken)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name) sb.Append(c < 0x20 || "*/:;?\\".IndexOf(c) >= 0 ? '_' : c);
            var clean = sb.ToString();
            int dot = isDirectory ? -1 : clean.LastIndexOf('.');
            var ext = dot > 0 && clean.Length - dot <= 16 ? clean.Substring(dot) : string.Empty;
            var stem = clean.Substring(0, clean.Length - ext.Length);
            return Unique(taken, true, n => Truncate(stem, MaxJoliet - ext.Length - n.Length) + n + ext, s => s);
        }

        /// <summary>ECMA-119 9.3: by name, then extension (each padded with spaces), then version, highest first.</summary>
        public static int Compare(string a, string b)
        {
            Split(a, out var nameA, out var extA, out var verA);
            Split(b, out var nameB, out var extB, out var verB);
            int c = ComparePadded(nameA, nameB);
            if (c != 0) return c;
            c = ComparePadded(extA, extB);
            if (c != 0) return c;
            return verB.CompareTo(verA);
        }

        private static string Unique(ISet<string> taken, bool joliet, Func<string, string> build, Func<string, string> finish)
        {
            for (int i = 0; ; i++)
            {
                var candidate = build(i == 0 ? string.Empty : "_" + i.ToString(CultureInfo.InvariantCulture));
                if (candidate.Length == 0 || candidate == ".") candidate = "_" + candidate;
                if (taken.Add(CollisionKey(candidate, joliet))) return finish(candidate);
            }
        }

        private static string DCharacters(string name)
        {
            var sb = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                if (c >= 'a' && c <= 'z') sb.Append((char)(c - 32));
                else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') sb.Append(c);
                else sb.Append('_');
            }
            return sb.ToString();
        }

        private static string Truncate(string s, int max) => s.Length <= max ? s : s.Substring(0, Math.Max(0, max));

        private static void Split(string id, out string name, out string ext, out int version)
        {
            version = 0;
            int semicolon = id.IndexOf(';');
            if (semicolon >= 0)
            {
                int.TryParse(id.Substring(semicolon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out version);
                id = id.Substring(0, semicolon);
            }
            int dot = id.IndexOf('.');
            name = dot >= 0 ? id.Substring(0, dot) : id;
            ext = dot >= 0 ? id.Substring(dot + 1) : string.Empty;
        }

        private static int ComparePadded(string a, string b)
        {
            int length = Math.Max(a.Length, b.Length);
            for (int i = 0; i < length; i++)
            {
                char ca = i < a.Length ? a[i] : ' ';
                char cb = i < b.Length ? b[i] : ' ';
                if (ca != cb) return ca.CompareTo(cb);
            }
            return 0;
        }
    }
}
