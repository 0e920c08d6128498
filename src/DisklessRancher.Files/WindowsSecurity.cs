using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace DisklessRancher.Files
{
    /// <summary>The few Windows security calls <see cref="OwnerOnly"/> needs, straight from advapi32 and kernel32.</summary>
    internal static class WindowsSecurity
    {
        private const uint TokenQuery = 0x0008;
        private const int TokenUserClass = 1;
        private const uint SddlRevision1 = 1;
        private const int FileObjectType = 1; // SE_FILE_OBJECT
        private const uint DaclSecurityInformation = 0x00000004;
        private const uint ProtectedDaclSecurityInformation = 0x80000000;
        private const int AccessDenied = 5;
        private const int AlreadyExists = 183;

        /// <summary>The SID (S-1-5-21-...) of the user this process runs as.</summary>
        public static string CurrentUserSid()
        {
            if (!OpenProcessToken(GetCurrentProcess(), TokenQuery, out IntPtr token)) throw Failure("read the process token", Marshal.GetLastWin32Error());
            try
            {
                GetTokenInformation(token, TokenUserClass, IntPtr.Zero, 0, out int length);
                IntPtr tokenUser = Marshal.AllocHGlobal(length);
                try
                {
                    if (!GetTokenInformation(token, TokenUserClass, tokenUser, length, out length)) throw Failure("read the token's user", Marshal.GetLastWin32Error());
                    // TOKEN_USER begins with a SID_AND_ATTRIBUTES, which begins with the pointer to the SID.
                    IntPtr sid = Marshal.ReadIntPtr(tokenUser);
                    if (!ConvertSidToStringSidW(sid, out IntPtr text)) throw Failure("format the user's SID", Marshal.GetLastWin32Error());
                    try
                    {
                        return Marshal.PtrToStringUni(text) ?? throw Failure("format the user's SID", 0);
                    }
                    finally
                    {
                        LocalFree(text);
                    }
                }
                finally
                {
                    Marshal.FreeHGlobal(tokenUser);
                }
            }
            finally
            {
                CloseHandle(token);
            }
        }

        /// <summary>Creates a folder whose security descriptor is <paramref name="sddl"/> from the start; one already there is left as it is.</summary>
        public static void CreateDirectory(string path, string sddl)
        {
            IntPtr descriptor = Descriptor(path, sddl);
            try
            {
                var attributes = new SecurityAttributes { Length = Marshal.SizeOf(typeof(SecurityAttributes)), SecurityDescriptor = descriptor };
                if (!CreateDirectoryW(path, ref attributes))
                {
                    int error = Marshal.GetLastWin32Error();
                    if (error != AlreadyExists) throw Failure($"create the folder '{path}'", error);
                }
            }
            finally
            {
                LocalFree(descriptor);
            }
        }

        /// <summary>Replaces the DACL of a file or folder with the one in <paramref name="sddl"/>, inheriting nothing.</summary>
        public static void SetProtectedDacl(string path, string sddl)
        {
            IntPtr descriptor = Descriptor(path, sddl);
            try
            {
                if (!GetSecurityDescriptorDacl(descriptor, out bool _, out IntPtr dacl, out bool _))
                {
                    throw Failure($"build the access list for '{path}'", Marshal.GetLastWin32Error());
                }
                int error = SetNamedSecurityInfoW(path, FileObjectType, DaclSecurityInformation | ProtectedDaclSecurityInformation, IntPtr.Zero, IntPtr.Zero, dacl, IntPtr.Zero);
                if (error != 0) throw Failure($"restrict '{path}' to its owner", error);
            }
            finally
            {
                LocalFree(descriptor);
            }
        }

        /// <summary>The security descriptor written in <paramref name="sddl"/>; free it with LocalFree.</summary>
        private static IntPtr Descriptor(string path, string sddl)
        {
            if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SddlRevision1, out IntPtr descriptor, IntPtr.Zero))
            {
                throw Failure($"build the access list for '{path}'", Marshal.GetLastWin32Error());
            }
            return descriptor;
        }

        private static Exception Failure(string action, int error)
        {
            string message = $"Could not {action}: {new Win32Exception(error).Message}";
            return error == AccessDenied ? new UnauthorizedAccessException(message) : new IOException(message);
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct SecurityAttributes
        {
            public int Length;
            public IntPtr SecurityDescriptor;
            [MarshalAs(UnmanagedType.Bool)]
            public bool InheritHandle;
        }

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CreateDirectoryW(string path, ref SecurityAttributes attributes);

        [DllImport("kernel32.dll")]
        private static extern IntPtr GetCurrentProcess();

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CloseHandle(IntPtr handle);

        [DllImport("kernel32.dll")]
        private static extern IntPtr LocalFree(IntPtr memory);

        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool OpenProcessToken(IntPtr process, uint desiredAccess, out IntPtr token);

        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool GetTokenInformation(IntPtr token, int informationClass, IntPtr information, int length, out int returnLength);

        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool ConvertSidToStringSidW(IntPtr sid, out IntPtr text);

        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string sddl, uint revision, out IntPtr descriptor, IntPtr size);

        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool GetSecurityDescriptorDacl(IntPtr descriptor, [MarshalAs(UnmanagedType.Bool)] out bool present, out IntPtr dacl, [MarshalAs(UnmanagedType.Bool)] out bool defaulted);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)]
        private static extern int SetNamedSecurityInfoW(string objectName, int objectType, uint securityInfo, IntPtr owner, IntPtr group, IntPtr dacl, IntPtr sacl);
    }
}
