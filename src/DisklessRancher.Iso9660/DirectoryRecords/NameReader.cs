using System.Text;

namespace DisklessRancher.Iso9660
{
    /// <summary>Reads stored identifiers as the names Linux isofs shows when Rock Ridge does not name an entry.</summary>
    internal static class NameReader
    {
        private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>
        /// Bytes of a plain ISO 9660 identifier or a Rock Ridge name. Linux isofs applies no charset to either
        /// (isofs_name_translate in fs/isofs/dir.c and get_rock_ridge_filename copy the bytes; iocharset, whose
        /// default is CONFIG_NLS_DEFAULT, only converts Joliet's UCS-2): the name is the bytes, which a UTF-8
        /// system shows as UTF-8. Bytes that are not UTF-8 are read as ISO 8859-1, one character per byte, so
        /// distinct names stay distinct.
        /// </summary>
        public static string FromBytes(byte[] bytes, int offset, int count)
        {
            try
            {
                return StrictUtf8.GetString(bytes, offset, count);
            }
            catch (DecoderFallbackException)
            {
                char[] chars = new char[count];
                for (int i = 0; i < count; i++) chars[i] = (char)bytes[offset + i];
                return new string(chars);
            }
        }

        /// <summary>ISO 9660 identifier: lowercased, ";1" (and a "." before it) dropped, other ';' as '.', a trailing '.' dropped.</summary>
        public static string FromIso9660(string identifier)
        {
            StringBuilder name = new StringBuilder(identifier.Length);
            int length = identifier.Length;
            for (int i = 0; i < length; i++)
            {
                char c = identifier[i];
                if (c == '\0') break;
                if (c >= 'A' && c <= 'Z') c = (char)(c | 0x20);
                if (c == '.' && i == length - 3 && identifier[i + 1] == ';' && identifier[i + 2] == '1') break;
                if (c == ';' && i == length - 2 && identifier[i + 1] == '1') break;
                if (c == ';' || c == '/') c = '.';
                name.Append(c);
            }
            if (name.Length > 1 && name[name.Length - 1] == '.') name.Length--;
            return name.ToString();
        }

        /// <summary>Joliet identifier: ";1" and trailing dots dropped.</summary>
        public static string FromJoliet(string identifier)
        {
            string name = identifier;
            int nul = name.IndexOf('\0');
            if (nul >= 0) name = name.Substring(0, nul);
            if (name.Length > 2 && name.EndsWith(";1", System.StringComparison.Ordinal)) name = name.Substring(0, name.Length - 2);
            return name.Length > 1 ? name.TrimEnd('.') : name;
        }
    }
}
