using System.Management.Automation;

namespace DisklessRancher
{
    /// <summary>Errors about paths inside an image, shared by the item cmdlets.</summary>
    internal static class IsoItemErrors
    {
        public static ErrorRecord NotFound(string imagePath, string itemPath) => new ErrorRecord(
            new ItemNotFoundException($"Cannot find '{itemPath}' in the image '{imagePath}'."),
            ErrorIds.IsoItemNotFound, ErrorCategory.ObjectNotFound, itemPath);
    }
}
