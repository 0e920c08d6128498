using System;

namespace DisklessRancher.Files
{
    /// <summary>
    /// The Windows security descriptors, in SDDL, that keep a file or folder to one user: a protected DACL (P: nothing
    /// inherited from the parent) with three ACEs granting full control to that user, SYSTEM (SY) and
    /// BUILTIN\Administrators (BA). A folder's ACEs are inherited by the files (OI) and folders (CI) made inside it.
    /// </summary>
    internal static class OwnerOnlySddl
    {
        // FILE_ALL_ACCESS, given as a number: "FA" means 0x1F01FF to Windows but only 0x1FF to some other parsers.
        private const string FullControl = "0x1f01ff";

        public static string ForFile(string userSid) => Dacl(userSid, inheritance: string.Empty);

        public static string ForDirectory(string userSid) => Dacl(userSid, inheritance: "OICI");

        private static string Dacl(string userSid, string inheritance)
        {
            if (userSid == null) throw new ArgumentNullException(nameof(userSid));
            if (!userSid.StartsWith("S-1-", StringComparison.Ordinal) || userSid.IndexOfAny(new[] { ';', '(', ')' }) >= 0)
            {
                throw new ArgumentException($"'{userSid}' is not a security identifier in S-1-... form.", nameof(userSid));
            }
            return "D:P" + Ace(inheritance, userSid) + Ace(inheritance, "SY") + Ace(inheritance, "BA");
        }

        private static string Ace(string inheritance, string trustee) => $"(A;{inheritance};{FullControl};;;{trustee})";
    }
}
