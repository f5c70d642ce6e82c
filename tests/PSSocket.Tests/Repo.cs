namespace PSSocket.Tests;

/// <summary>Paths of the repository, found from the test's output folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PSSocket.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PSSocket.sln not found above " + AppContext.BaseDirectory);
    }
}
