namespace DisklessRancher.Iso9660.Tests;

public static class ImageReading
{
    /// <summary>The whole content of a file, read through the image's stream.</summary>
    public static byte[] ReadAllBytes(this IsoImage image, IsoDirectoryEntry entry)
    {
        using Stream stream = image.OpenRead(entry);
        using MemoryStream copy = new();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
