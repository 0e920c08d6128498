namespace DisklessRancher.Core.Tests;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string CloudConfigFixtures => Path.Combine(Root, "tests", "fixtures", "cloud-config");

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DisklessRancher.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (DisklessRancher.sln) was not found above " + AppContext.BaseDirectory);
    }
}
