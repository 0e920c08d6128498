using System.Runtime.Versioning;

// The tests compare against Linux tools (xorriso, blkid, python3, stat ...) and run on Linux only.
[assembly: SupportedOSPlatform("linux")]
