using System;
using System.Management.Automation;
using DisklessRancher.Core.AgentState;
using DisklessRancher.Core.CloudConfig;

namespace DisklessRancher.Transformations
{
    /// <summary>
    /// Binds an agent state object, or a CSV cell naming a state folder (read as Import-RancherAgentState
    /// reads it, relative to the current location); an empty cell as not given. A folder that cannot be read fails
    /// the row (<see cref="RowConversionFailures"/>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class AgentStateAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = CsvValue.Unwrap(inputData);
            switch (value)
            {
                case null:
                    return null;
                case RancherAgentState state:
                    return state;
                case string folder:
                    try
                    {
                        string path = engineIntrinsics.SessionState.Path.GetUnresolvedProviderPathFromPSPath(folder);
                        return AgentStateDirectory.Read(path);
                    }
                    catch (Exception e) when (e is AgentStateException || e is ItemNotFoundException || e is System.IO.IOException
                        || e is UnauthorizedAccessException || e is NotSupportedException || e is PSArgumentException)
                    {
                        return RowConversionFailures.Reject(engineIntrinsics, HostField.AgentState, folder, "not a readable state folder: " + e.Message);
                    }
                default:
                    throw CsvValue.Invalid($"An agent state must come from New-RancherAgentState or Import-RancherAgentState, or name a state folder; not {value.GetType().Name}.");
            }
        }
    }
}
