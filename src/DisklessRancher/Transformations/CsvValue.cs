using System.Management.Automation;

namespace DisklessRancher.Transformations
{
    /// <summary>What a transformation receives: the base object, with an empty CSV cell meaning "not given".</summary>
    internal static class CsvValue
    {
        public static object? Unwrap(object? input)
        {
            object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
            if (value is string text && text.Trim().Length == 0) return null;
            return value;
        }

        public static ArgumentTransformationMetadataException Invalid(string message) =>
            new ArgumentTransformationMetadataException(message);
    }
}
