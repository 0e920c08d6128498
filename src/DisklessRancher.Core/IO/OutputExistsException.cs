using DisklessRancher.Iso9660;

namespace DisklessRancher.Core.IO
{
    /// <summary>An output file already exists and overwriting it was not allowed.</summary>
    public sealed class OutputExistsException : DisklessRancherException
    {
        public OutputExistsException(string path)
            : base("OutputExists", ErrorKind.ResourceExists, $"The file '{path}' already exists. Use -Force to overwrite it.")
        {
            Path = path;
        }

        public string Path { get; }

        public static void ThrowIfExists(string path)
        {
            if (System.IO.File.Exists(path)) throw new OutputExistsException(System.IO.Path.GetFullPath(path));
        }
    }
}
