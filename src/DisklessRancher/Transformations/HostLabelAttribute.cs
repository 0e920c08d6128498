using System;
using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Binds host labels given as a hashtable or as the CSV text "k1=v1;k2=v2" to an ordered dictionary.
    /// In the text form a pair is split at its first '='; a label whose value holds ';' needs a hashtable.
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
                    return Parse(text);
                default:
                    throw CsvValue.Invalid($"Host labels must be a hashtable or text such as 'role=worker;zone=a', not {value.GetType().Name}.");
            }
        }

        private static OrderedDictionary Parse(string text)
        {
            OrderedDictionary labels = new OrderedDictionary(StringComparer.Ordinal);
            foreach (string pair in text.Split(';'))
            {
                if (pair.Trim().Length == 0) continue;
                int equals = pair.IndexOf('=');
                string key = equals < 0 ? string.Empty : pair.Substring(0, equals).Trim();
                if (key.Length == 0)
                {
                    throw CsvValue.Invalid($"The label '{pair.Trim()}' is not of the form key=value (labels are separated by ';').");
                }
                if (labels.Contains(key)) throw CsvValue.Invalid($"The label key '{key}' is given twice.");
                labels.Add(key, pair.Substring(equals + 1).Trim());
            }
            return labels;
        }
    }
}
