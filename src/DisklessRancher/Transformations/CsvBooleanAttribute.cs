using System;
using System.Management.Automation;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Binds true/false, 1/0, yes/no, y/n and on/off (any case) as a boolean; an empty cell as not given.
    /// Anything else fails the row (<see cref="RowConversionFailures"/>), where a [bool] parameter would take any text as true.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CsvBooleanAttribute : ArgumentTransformationAttribute
    {
        private const string Reason = "not a boolean: use true/false, 1/0 or yes/no.";
        private readonly HostField _field;

        public CsvBooleanAttribute(HostField field)
        {
            _field = field;
        }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            switch (CsvValue.Unwrap(inputData))
            {
                case null:
                    return null;
                case bool value:
                    return value;
                case SwitchParameter value:
                    return value.IsPresent;
                case int value when value == 0 || value == 1:
                    return value == 1;
                case string text:
                    switch (text.Trim().ToLowerInvariant())
                    {
                        case "true": case "1": case "yes": case "y": case "on": case "$true":
                            return true;
                        case "false": case "0": case "no": case "n": case "off": case "$false":
                            return false;
                    }
                    return RowConversionFailures.Reject(engineIntrinsics, _field, text, Reason);
                case object other:
                    return RowConversionFailures.Reject(engineIntrinsics, _field, other.ToString() ?? string.Empty, Reason);
            }
        }
    }
}
