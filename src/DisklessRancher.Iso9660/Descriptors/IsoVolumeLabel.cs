using System;
using System.IO;
using System.Threading;

namespace DisklessRancher.Iso9660
{
    /// <summary>Why a label cannot be set.</summary>
    public enum IsoLabelError
    {
        /// <summary>Empty, longer than 32 characters, or not printable ASCII.</summary>
        Invalid,
        /// <summary>Longer than the 16 characters a Joliet volume identifier holds.</summary>
        TooLongForJoliet,
    }

    /// <summary>The label cannot be written as given.</summary>
    public sealed class IsoLabelException : ArgumentException
    {
        public IsoLabelException(IsoLabelError error, string message) : base(message, "label") => Error = error;

        public IsoLabelError Error { get; }
    }

    /// <summary>
    /// Sets the volume label: the PVD's volume identifier (ASCII, space padded, case kept) and the same field of every
    /// Joliet SVD (UCS-2 big-endian, space padded). Only those descriptor bytes are written.
    /// </summary>
    public static class IsoVolumeLabel
    {
        public const int MaxLength = 32;
        public const int MaxJolietLength = 16;
        private const int CopyBufferSize = 1 << 20;

        /// <summary>Throws <see cref="IsoLabelException"/> unless the label is 1-32 printable ASCII characters without trailing space.</summary>
        public static void Validate(string label)
        {
            if (string.IsNullOrEmpty(label) || label.Length > MaxLength)
            {
                throw new IsoLabelException(IsoLabelError.Invalid, $"A volume label has 1 to {MaxLength} characters; '{label}' has {label?.Length ?? 0}.");
            }
            foreach (char c in label)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new IsoLabelException(IsoLabelError.Invalid, $"A volume label is printable ASCII; '{label}' contains U+{(int)c:X4}.");
                }
            }
            if (label[label.Length - 1] == ' ')
            {
                throw new IsoLabelException(IsoLabelError.Invalid, $"A volume label cannot end with a space (it is the padding): '{label}'.");
            }
        }

        /// <summary>Relabels the file in place; the file must be writable.</summary>
        public static void Set(string path, string label)
        {
            Validate(label);
            if ((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
            {
                throw new UnauthorizedAccessException($"The file '{path}' is read-only.");
            }
            using FileStream stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            Set(stream, label);
        }

        /// <summary>Relabels the image in a readable, writable, seekable stream.</summary>
        public static void Set(Stream stream, string label)
        {
            Validate(label);
            IsoVolumeDescriptor[] targets = Plan(new ImageReader(stream), label);
            foreach (IsoVolumeDescriptor descriptor in targets)
            {
                byte[] field = Encode(label, descriptor.IsJoliet);
                stream.Position = descriptor.Lba * Ecma119.BlockSize + VolumeDescriptorLayout.VolumeId;
                stream.Write(field, 0, field.Length);
            }
            stream.Flush();
        }

        /// <summary>
        /// Writes a relabelled copy of <paramref name="source"/> to <paramref name="destination"/> through a temporary
        /// file beside it, renamed into place only when complete. The source is opened read-only.
        /// </summary>
        public static void Copy(string source, string destination, string label, bool overwrite, CancellationToken cancellationToken,
            Action<long, long>? progress = null)
        {
            Validate(label);
            using FileStream input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
            Plan(new ImageReader(input), label);
            if (!overwrite && File.Exists(destination))
            {
                throw new IOException($"The file '{destination}' already exists.");
            }

            // The source may be a host image, whose registration token the copy then holds too.
            using (Writing.AtomicOutputFile output = Writing.AtomicOutputFile.Create(destination, ownerOnly: true))
            {
                CopyStream(input, output.Stream, cancellationToken, progress);
                Set(output.Stream, label);
                output.Commit();
            }
        }

        /// <summary>The descriptors to write (the PVD and every Joliet SVD), after checking the label fits them all.</summary>
        private static IsoVolumeDescriptor[] Plan(ImageReader image, string label)
        {
            System.Collections.Generic.List<IsoVolumeDescriptor> targets = new System.Collections.Generic.List<IsoVolumeDescriptor>();
            foreach (VolumeDescriptor descriptor in VolumeDescriptorSetReader.Read(image))
            {
                if (descriptor is IsoVolumeDescriptor volume && (volume.IsPrimary || volume.IsJoliet)) targets.Add(volume);
            }
            foreach (IsoVolumeDescriptor volume in targets)
            {
                if (volume.IsJoliet && label.Length > MaxJolietLength)
                {
                    throw new IsoLabelException(IsoLabelError.TooLongForJoliet,
                        $"The label '{label}' has {label.Length} characters but the image has Joliet, whose label holds {MaxJolietLength}: " +
                        "blkid and udev would report the truncated Joliet label. Use at most 16 characters.");
                }
            }
            return targets.ToArray();
        }

        private static byte[] Encode(string label, bool joliet)
        {
            byte[] field = new byte[VolumeDescriptorLayout.ShortIdLength];
            if (joliet) Ecma119.WriteUcs2BE(field, 0, field.Length, label);
            else Ecma119.WriteAscii(field, 0, field.Length, label);
            return field;
        }

        private static void CopyStream(Stream input, Stream output, CancellationToken cancellationToken, Action<long, long>? progress)
        {
            byte[] buffer = new byte[CopyBufferSize];
            long total = input.Length, done = 0;
            input.Position = 0;
            int n;
            while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                output.Write(buffer, 0, n);
                done += n;
                progress?.Invoke(done, total);
            }
            output.Flush();
        }
    }
}
