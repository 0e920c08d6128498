using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Transformations
{
    /// <summary>Binds ConfigDrive or WriteFiles (any case); an empty cell as not given; anything else fails the row (<see cref="RowConversionFailures"/>).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class StateDeliveryAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = CsvValue.Unwrap(inputData);
            switch (value)
            {
                case null:
                    return null;
                case StateDelivery delivery:
                    return delivery;
                default:
                    string text = value.ToString()!.Trim();
                    StateDelivery? match = Enum.GetValues(typeof(StateDelivery)).Cast<StateDelivery>()
                        .Select(d => (StateDelivery?)d)
                        .FirstOrDefault(d => string.Equals(d.ToString(), text, StringComparison.OrdinalIgnoreCase));
                    return match ?? RowConversionFailures.Reject(engineIntrinsics, HostField.StateDelivery, text,
                        $"not a state delivery: use {string.Join(" or ", Enum.GetNames(typeof(StateDelivery)))}.");
            }
        }
    }

    /// <summary>Tab completion for -StateDelivery.</summary>
    public sealed class StateDeliveryCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Enum.GetNames(typeof(StateDelivery))
                .Where(name => name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
    }
}
