using System;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.HostImages
{
    /// <summary>Why a host's saved identity cannot be used; the cmdlets turn each into a stable error id.</summary>
    public enum HostStateError
    {
        /// <summary>Two identity folders whose names differ only by case.</summary>
        FoldersDifferOnlyByCase,
        /// <summary>An identity folder that lacks a file, or holds a malformed one: a save that was cut short.</summary>
        IncompleteIdentity,
        /// <summary>No per-user data folder to keep identities in.</summary>
        NoDefaultStore,
        /// <summary>The state folder given is a symbolic link whose target does not exist.</summary>
        DanglingLink,
    }

    /// <summary>A host's identity folder cannot be used as it is; the message names the folder and the fix.</summary>
    public sealed class HostStateException : DisklessRancherException
    {
        public HostStateException(HostStateError error, string message, string? folder = null, Exception? innerException = null)
            : base(IdOf(error), error == HostStateError.NoDefaultStore || error == HostStateError.DanglingLink ? ErrorKind.ObjectNotFound : ErrorKind.InvalidData, message, innerException)
        {
            Error = error;
            Folder = folder;
        }

        public HostStateError Error { get; }

        /// <summary>The identity folder concerned, when there is one.</summary>
        public string? Folder { get; }

        private static string IdOf(HostStateError error) => error switch
        {
            HostStateError.FoldersDifferOnlyByCase => "StateFolderAmbiguous",
            HostStateError.IncompleteIdentity => "IncompleteIdentity",
            _ => "NoStateDirectory",
        };
    }
}
