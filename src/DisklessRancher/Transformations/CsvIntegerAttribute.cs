using System;
using System.Globalization;
using System.Management.Automation;

namespace DisklessRancher.Transformations
{
    /// <summary>Binds a whole number given as a number or as CSV text; an empty cell as not given (not as 0).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CsvIntegerAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = CsvValue.Unwrap(inputData);
            switch (value)
            {
                case null:
                    return null;
                case int number:
                    return number;
                case long or short or byte or uint or ushort:
                    return LanguagePrimitives.ConvertTo<int>(value);
                case string text when int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number):
                    return number;
                default:
                    throw CsvValue.Invalid($"'{value}' is not a whole number.");
            }
        }
    }
}
