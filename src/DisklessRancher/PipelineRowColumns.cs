using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using DisklessRancher.Core.Batches;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher
{
    /// <summary>
    /// Checks the columns of the rows piped to a cmdlet against the parameters it binds from rows (by name or
    /// alias), for a whole batch: unknown columns are warned about once, a header with padding spaces still binds,
    /// and a file read with the wrong delimiter stops the batch with the fix.
    /// </summary>
    internal sealed class PipelineRowColumns
    {
        private readonly PSCmdlet _cmdlet;
        private readonly CsvColumns _columns;

        public PipelineRowColumns(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            _columns = new CsvColumns(RowParameterNames(cmdlet.MyInvocation.MyCommand));
        }

        /// <summary>
        /// Checks one row, binds the columns PowerShell left unbound because of padding spaces ("Hostname "), and
        /// returns the warning for columns not reported before (null when there is none).
        /// </summary>
        /// <param name="badColumn">The first padded column whose value did not bind, to fail the row with.</param>
        public string? Check(PSObject row, out HostSpecException? badColumn)
        {
            badColumn = null;
            List<string> names = row.Properties.Select(property => property.Name).ToList();
            string? delimiterProblem = CsvColumns.DelimiterProblem(names);
            if (delimiterProblem != null)
            {
                _cmdlet.ThrowTerminatingError(new ErrorRecord(new PSArgumentException(delimiterProblem), ErrorIds.CsvDelimiter, ErrorCategory.InvalidData, names[0]));
            }

            // PowerShell bound the columns named exactly; a padded one binds here unless its exact twin is there too.
            HashSet<string> boundByName = new HashSet<string>(names.Where(name => name == name.Trim()).Select(_columns.ParameterOf).OfType<string>());
            foreach (PSPropertyInfo column in row.Properties)
            {
                string? parameter = _columns.ParameterOf(column.Name);
                if (parameter == null || column.Name == column.Name.Trim() || boundByName.Contains(parameter)) continue;
                try
                {
                    Bind(parameter, column);
                }
                catch (HostSpecException e)
                {
                    badColumn ??= e;
                }
            }

            IReadOnlyList<string> unknown = _columns.NewUnknownColumns(names);
            return unknown.Count == 0 ? null
                : $"{_cmdlet.MyInvocation.MyCommand.Name} reads no column named {string.Join(", ", unknown)}; its values were ignored. " +
                  "Rename the column to a parameter name, or remove it.";
        }

        /// <summary>
        /// Binds a column as PowerShell would: through the parameter's transformations, then converted to its type.
        /// A value that does not bind is a <see cref="HostSpecException"/> naming the column, which fails the row.
        /// </summary>
        private void Bind(string parameter, PSPropertyInfo column)
        {
            PropertyInfo property = _cmdlet.GetType().GetProperty(parameter)!;
            EngineIntrinsics engine = (EngineIntrinsics)_cmdlet.GetVariableValue("ExecutionContext");
            object? value = column.Value;
            try
            {
                foreach (ArgumentTransformationAttribute transformation in property.GetCustomAttributes<ArgumentTransformationAttribute>())
                {
                    value = transformation.Transform(engine, value);
                }
                if (value is PSObject wrapped) value = wrapped.BaseObject;
                property.SetValue(_cmdlet, value == null ? null : LanguagePrimitives.ConvertTo(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is ArgumentTransformationMetadataException || e is PSInvalidCastException)
            {
                // Only settings can fail to convert: the other columns a row binds are text.
                HostField field = (HostField)Enum.Parse(typeof(HostField), parameter);
                throw new HostSpecException(field, column.Value?.ToString(), $"(column '{column.Name}') {e.Message}");
            }
        }

        private static IEnumerable<KeyValuePair<string, string>> RowParameterNames(CommandInfo command)
        {
            foreach (ParameterMetadata parameter in command.Parameters.Values)
            {
                if (!parameter.ParameterSets.Values.Any(set => set.ValueFromPipelineByPropertyName)) continue;
                yield return new KeyValuePair<string, string>(parameter.Name, parameter.Name);
                foreach (string alias in parameter.Aliases) yield return new KeyValuePair<string, string>(alias, parameter.Name);
            }
        }
    }
}
