using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Iso9660;

namespace DisklessRancher
{
    /// <summary>
    /// Base of the cmdlets that take ISO image files: -Path (wildcards, pipeline strings) or -LiteralPath
    /// (alias PSPath, so FileInfo objects bind by property name); every failure is one error for that image.
    /// </summary>
    public abstract class IsoImageCmdlet : CancellablePSCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";

        /// <summary>ISO image files; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>ISO image files, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>Does the cmdlet's work for one image file.</summary>
        protected abstract void ProcessImage(string path);

        protected sealed override void ProcessRecord()
        {
            foreach (string path in ResolveImagePaths()) ForImage(path, () => ProcessImage(path));
        }

        /// <summary>The entry at <paramref name="itemPath"/> in the image, or null after writing an IsoItemNotFound error.</summary>
        protected IsoDirectoryEntry? FindItem(IsoImage image, string imagePath, string itemPath)
        {
            IsoDirectoryEntry? entry = image.GetEntry(itemPath);
            if (entry == null)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find '{itemPath}' in the image '{imagePath}'."),
                    ErrorIds.IsoItemNotFound, ErrorCategory.ObjectNotFound, itemPath));
            }
            return entry;
        }

        /// <summary>The image files named by -Path or -LiteralPath; one error for each name that is missing or a directory.</summary>
        private IEnumerable<string> ResolveImagePaths()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string path in PathResolver.ResolveExisting(this, literal ? LiteralPath : Path, !literal))
            {
                if (Directory.Exists(path))
                {
                    WriteError(new ErrorRecord(new IOException($"'{path}' is a directory, not an ISO image file."),
                        ErrorIds.PathIsDirectory, ErrorCategory.InvalidArgument, path));
                    continue;
                }
                yield return path;
            }
        }

        /// <summary>Runs the work for one image; a failure becomes one error record with <paramref name="target"/> and the pipeline goes on.</summary>
        private void ForImage(string target, Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                WriteError(ErrorRecords.Create(e, target));
            }
        }
    }
}
