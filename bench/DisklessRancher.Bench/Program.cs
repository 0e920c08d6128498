// Remaster benchmark: our append remaster of a RancherOS-shaped base against `cp` of the base and against
// `cp` + xorriso's growing remaster with the same additions, plus the peak memory of a remaster with a small
// and a large base.
//   dotnet run -c Release --project bench/DisklessRancher.Bench -- [--mib 160] [--large-mib 1600] [--runs 3] [--work DIR]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DisklessRancher.Iso9660;

var additions = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
{
    ["/openstack/latest/user_data"] = Encoding.UTF8.GetBytes("#cloud-config\nhostname: bench\n"),
    ["/state/.docker_uuid"] = Encoding.ASCII.GetBytes("6f1f6c2e-3a4b-4c5d-9e8f-0a1b2c3d4e5f"),
    ["/state/.physical_host_uuid"] = Encoding.ASCII.GetBytes("0b6d7e8f-1a2b-4c3d-8e9f-5a6b7c8d9e0f"),
    ["/state/.registration_token"] = Encoding.ASCII.GetBytes(new string('c', 128) + "\n"),
};

if (args.Length == 3 && args[0] == "remaster")
{
    // Child mode, in a fresh process so that its peak working set is the remaster's own: the first remaster
    // (code not yet compiled, as for a single run) and a second one (as for the next host of a pipeline).
    double Once()
    {
        File.Delete(args[2]);
        var watch = Stopwatch.StartNew();
        var remaster = new IsoRemaster(args[1]);
        foreach (var (path, content) in additions) remaster.AddFile(path, content, Convert.ToInt32("600", 8));
        remaster.SetVolumeLabel("config-2").Write(args[2]);
        return watch.Elapsed.TotalSeconds;
    }
    double first = Once(), warm = Once();
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    Console.WriteLine(FormattableString.Invariant($"{first} {warm} {self.PeakWorkingSet64}"));
    return 0;
}

int mib = Option("--mib", 160), largeMib = Option("--large-mib", 1600), runs = Option("--runs", 3);
string work = OptionText("--work") ?? Directory.CreateTempSubdirectory("dr-bench-").FullName;
string repo = FindRepository();
string addDir = Path.Combine(work, "add");
foreach (var (path, content) in additions)
{
    var file = Path.Combine(addDir, path.TrimStart('/'));
    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    File.WriteAllBytes(file, content);
}

Console.WriteLine($"work: {work}; runs: {runs}; {Environment.ProcessorCount} cores");
try
{
    Measure(mib, runs);
    if (largeMib > 0) Measure(largeMib, runs);
}
finally
{
    if (OptionText("--work") == null) Directory.Delete(work, true);
}
return 0;

void Measure(int sizeMib, int count)
{
    string baseIso = Path.Combine(work, $"base-{sizeMib}.iso");
    if (!File.Exists(baseIso)) Run("bash", Path.Combine(repo, "tests/fixtures/new-rancheros-iso.sh"), baseIso, (sizeMib - 1).ToString(CultureInfo.InvariantCulture));
    long baseBytes = new FileInfo(baseIso).Length;
    string output = Path.Combine(work, "out.iso");
    var cp = new List<double>();
    var cpSync = new List<double>();
    var ours = new List<double>();
    var oursWarm = new List<double>();
    var xorriso = new List<double>();
    long peak = 0;
    Run("cat", baseIso); // warm the page cache once, for every contender alike
    for (int i = 0; i < count; i++)
    {
        // Each contender starts with no dirty pages left by the one before (sync, not timed).
        Clean();
        cp.Add(Time(() => Run("cp", baseIso, output)));
        Clean();
        cpSync.Add(Time(() => Run("bash", "-c", "cp \"$0\" \"$1\" && sync \"$1\"", baseIso, output)));
        Clean();
        var child = Run("dotnet", Path.Combine(AppContext.BaseDirectory, "DisklessRancher.Bench.dll"), "remaster", baseIso, output).Split(' ');
        ours.Add(double.Parse(child[0], CultureInfo.InvariantCulture));
        oursWarm.Add(double.Parse(child[1], CultureInfo.InvariantCulture));
        peak = Math.Max(peak, long.Parse(child[2], CultureInfo.InvariantCulture));
        Clean();
        xorriso.Add(Time(() =>
        {
            Run("cp", baseIso, output);
            Run("xorriso", "-dev", output, "-joliet", "on", "-boot_image", "any", "replay", "-volid", "config-2",
                "-map", Path.Combine(addDir, "openstack"), "/openstack", "-map", Path.Combine(addDir, "state"), "/state", "-commit");
        }));
        File.Delete(output);
    }
    void Clean()
    {
        File.Delete(output);
        Run("sync");
    }

    double m(List<double> l) => l.Order().ElementAt(l.Count / 2);
    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant($"base {baseBytes / 1048576.0:F1} MiB, median of {count}:"));
    Console.WriteLine(FormattableString.Invariant($"  cp                    {m(cp),8:F3} s"));
    Console.WriteLine(FormattableString.Invariant($"  cp + sync FILE        {m(cpSync),8:F3} s   {m(cpSync) / m(cp):F2}x cp   (flushed to disk)"));
    Console.WriteLine(FormattableString.Invariant($"  IsoRemaster, first    {m(ours),8:F3} s   {m(ours) / m(cp):F2}x cp   {m(ours) / m(cpSync):F2}x cp+sync   (code compiled on first use)"));
    Console.WriteLine(FormattableString.Invariant($"  IsoRemaster, next     {m(oursWarm),8:F3} s   {m(oursWarm) / m(cp):F2}x cp   {m(oursWarm) / m(cpSync):F2}x cp+sync   (the next host in the same process)"));
    Console.WriteLine(FormattableString.Invariant($"  cp + xorriso -dev     {m(xorriso),8:F3} s   {m(xorriso) / m(cp):F2}x cp   (IsoRemaster first/next: {m(ours) / m(xorriso):F2}x / {m(oursWarm) / m(xorriso):F2}x of it)"));
    Console.WriteLine(FormattableString.Invariant($"  IsoRemaster peak working set {peak / 1048576.0:F1} MiB (whole process, runtime included)"));
}

static double Time(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalSeconds;
}

static string Run(string file, params string[] arguments)
{
    var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments) info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    var stderr = process.StandardError.ReadToEndAsync();
    var stdout = new StringBuilder();
    var buffer = new char[1 << 16];
    int n;
    while ((n = process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
    {
        if (file != "cat") stdout.Append(buffer, 0, n);
    }
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {stderr.Result}");
    return stdout.ToString().Trim();
}

int Option(string name, int fallback) =>
    OptionText(name) is string text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindRepository()
{
    var dir = AppContext.BaseDirectory;
    while (dir != null && !File.Exists(Path.Combine(dir, "DisklessRancher.sln"))) dir = Path.GetDirectoryName(dir);
    return dir ?? throw new DirectoryNotFoundException("DisklessRancher.sln not found above the bench.");
}
