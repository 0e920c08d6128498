using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using DisklessRancher.Core.IO;
using DisklessRancher.Iso9660;

namespace DisklessRancher.Commands
{
    /// <summary>
    /// Sets the volume label of ISO images in the PVD and every Joliet SVD: in place (only those descriptor
    /// bytes change) or into a copy at -Destination (written beside it, then renamed).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "IsoVolumeLabel", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(IsoVolume))]
    public sealed class SetIsoVolumeLabelCommand : IsoImageCmdlet
    {
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        /// <summary>The new label: 1-32 printable ASCII characters, at most 16 on an image with Joliet.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public string Label { get; set; } = "";

        /// <summary>Write a relabelled copy here (a file, or a directory to keep the source's file name) instead of changing the source.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>Write the relabelled image's IsoVolume.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Overwrite an existing destination file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessImage(string source)
        {
            IsoVolumeLabel.Validate(Label);
            string target = source;
            if (Destination == null)
            {
                if (!ShouldProcess(source, $"Set volume label to '{Label}'")) return;
                IsoVolumeLabel.Set(source, Label);
            }
            else
            {
                target = PathResolver.ResolveOutput(this, Destination);
                if (Directory.Exists(target)) target = System.IO.Path.Combine(target, System.IO.Path.GetFileName(source));
                if (SameFile.Check(target, source))
                {
                    throw new ArgumentException($"The destination '{target}' is the source image; omit -Destination to relabel in place.");
                }
                if (File.Exists(target) && !Force)
                {
                    WriteError(new ErrorRecord(new IOException($"The file '{target}' already exists; use -Force to overwrite it."),
                        ErrorIds.OutputExists, ErrorCategory.ResourceExists, target));
                    return;
                }
                if (!ShouldProcess(target, $"Write a copy of '{source}' labelled '{Label}'")) return;
                Copy(source, target);
            }
            if (PassThru) WriteObject(IsoVolume.Read(target));
        }

        private void Copy(string source, string target)
        {
            ProgressRecord progress = new ProgressRecord(1, "Set-IsoVolumeLabel", $"Copying {source} to {target}");
            Stopwatch sinceLastReport = Stopwatch.StartNew();
            IsoVolumeLabel.Copy(source, target, Label, Force, CancellationToken, (done, total) =>
            {
                if (sinceLastReport.Elapsed < ProgressInterval) return;
                sinceLastReport.Restart();
                progress.PercentComplete = total == 0 ? 100 : (int)(done * 100 / total);
                WriteProgress(progress);
            });
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }
}
