using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Binds a list given as an array or as one CSV cell with separators ("1.1.1.1;8.8.8.8"); items are trimmed
    /// and empty ones dropped, and an empty cell is not given.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CsvListAttribute : ArgumentTransformationAttribute
    {
        private readonly string[] _separators;

        /// <param name="separators">The separators; line breaks always separate.</param>
        public CsvListAttribute(params string[] separators)
        {
            _separators = separators.Concat(new[] { "\r\n", "\n", "\r" }).ToArray();
        }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = CsvValue.Unwrap(inputData);
            if (value == null) return null;
            IEnumerable items = value is string || value is not IEnumerable enumerable ? new[] { value } : enumerable;
            List<string> result = new List<string>();
            foreach (object? item in items)
            {
                object? element = CsvValue.Unwrap(item);
                if (element == null) continue;
                if (element is not string text)
                {
                    text = LanguagePrimitives.ConvertTo<string>(element);
                }
                result.AddRange(text.Split(_separators, StringSplitOptions.None).Select(part => part.Trim()).Where(part => part.Length > 0));
            }
            return result.Count == 0 ? null : result.ToArray();
        }
    }
}
