namespace DisklessRancher.Tests.Shared;

/// <summary>Where the repository's own files are, found from the test assembly's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A file or folder under tests/fixtures.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Root, "tests", "fixtures", .. parts]);

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DisklessRancher.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (DisklessRancher.sln) was not found above " + AppContext.BaseDirectory);
    }
}
