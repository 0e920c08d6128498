using System;
using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Binds host labels given as a hashtable or as the CSV text "k1=v1;k2=v2" to an ordered dictionary.
    /// In the text form a pair is split at its first '='; a label whose value holds ';' needs a hashtable. Anything
    /// else fails the row (<see cref="RowConversionFailures"/>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class HostLabelAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = CsvValue.Unwrap(inputData);
            switch (value)
            {
                case null:
                    return null;
                case IDictionary dictionary:
                    OrderedDictionary copy = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        copy.Add(LanguagePrimitives.ConvertTo<string>(entry.Key), entry.Value == null ? string.Empty : LanguagePrimitives.ConvertTo<string>(entry.Value));
                    }
                    return copy;
                case string text:
                    return Parse(engineIntrinsics, text);
                default:
                    return RowConversionFailures.Reject(engineIntrinsics, HostField.HostLabel, value.GetType().Name, "not a hashtable or text such as 'role=worker;zone=a'.");
            }
        }

        private static OrderedDictionary? Parse(EngineIntrinsics engineIntrinsics, string text)
        {
            OrderedDictionary labels = new OrderedDictionary(StringComparer.Ordinal);
            foreach (string pair in text.Split(';'))
            {
                if (pair.Trim().Length == 0) continue;
                int equals = pair.IndexOf('=');
                string key = equals < 0 ? string.Empty : pair.Substring(0, equals).Trim();
                if (key.Length == 0)
                {
                    return (OrderedDictionary?)RowConversionFailures.Reject(engineIntrinsics, HostField.HostLabel, pair.Trim(), "not of the form key=value (labels are separated by ';').");
                }
                if (labels.Contains(key)) return (OrderedDictionary?)RowConversionFailures.Reject(engineIntrinsics, HostField.HostLabel, key, "given twice as a label key.");
                labels.Add(key, pair.Substring(equals + 1).Trim());
            }
            return labels;
        }
    }
}
