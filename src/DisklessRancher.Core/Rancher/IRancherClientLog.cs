namespace DisklessRancher.Core.Rancher
{
    /// <summary>Receives what the client does, already redacted: requests (verbose) and their outcome (debug).</summary>
    public interface IRancherClientLog
    {
        void Verbose(string message);

        void Debug(string message);
    }
}
