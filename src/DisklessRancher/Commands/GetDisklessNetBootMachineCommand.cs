using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using DisklessRancher.Core.NetBoot;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Reads web server access logs (nginx/Apache combined, IIS W3C extended) for a network boot tree and writes one
    /// object per machine seen: published hosts with when they last fetched their config, and unknown machines with
    /// what their iPXE reported, ready to be added to the hosts CSV.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DisklessNetBootMachine", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(NetBootMachine))]
    public sealed class GetDisklessNetBootMachineCommand : CancellablePSCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private NetBootLogReader? _reader;

        /// <summary>Access log files; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Access log files, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>The folder New-DisklessHostNetBoot published (its -OutputDirectory): its scripts name the known hosts.</summary>
        [Parameter(Mandatory = true)]
        public string NetBootDirectory { get; set; } = string.Empty;

        protected override void BeginProcessing()
        {
            string tree = PathResolver.ResolveOutput(this, NetBootDirectory);
            if (!Directory.Exists(tree))
            {
                ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"The network boot folder '{tree}' does not exist."),
                    ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, NetBootDirectory));
            }
            _reader = new NetBootLogReader(tree);
        }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string path in PathResolver.ResolveExisting(this, literal ? LiteralPath : Path, !literal))
            {
                try
                {
                    using (StreamReader log = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16))
                    {
                        int requests = _reader!.Read(log);
                        WriteVerbose($"Read {requests} request(s) of the network boot tree from '{path}'.");
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    WriteError(ErrorRecords.Create(e, path));
                }
            }
        }

        protected override void EndProcessing()
        {
            foreach (NetBootMachine machine in _reader!.Machines) WriteObject(machine);
        }
    }
}
