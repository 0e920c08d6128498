using System;
using System.Globalization;
using System.Management.Automation;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Binds a whole number given as a number or as CSV text; an empty cell as not given (not as 0). Anything else
    /// fails the row (<see cref="RowConversionFailures"/>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CsvIntegerAttribute : ArgumentTransformationAttribute
    {
        private readonly HostField _field;

        public CsvIntegerAttribute(HostField field)
        {
            _field = field;
        }

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
                    return RowConversionFailures.Reject(engineIntrinsics, _field, value.ToString() ?? string.Empty, "not a whole number.");
            }
        }
    }
}
