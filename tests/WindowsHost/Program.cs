using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Runs one script as `pwsh -NoProfile -NonInteractive -File script.ps1 args...` does, writing every stream to the
// standard output (the console host needs a real Windows console, which Wine gives only to a terminal).
// The exit code is the script's `exit` code, or 1 when it ends with a terminating error.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: pwsh.exe script.ps1 [arguments...]");
    return 2;
}

InitialSessionState state = InitialSessionState.CreateDefault2();
state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
using Runspace runspace = RunspaceFactory.CreateRunspace(state);
runspace.Open();
using PowerShell shell = PowerShell.Create(runspace);
shell.AddCommand(args[0]);
for (int i = 1; i < args.Length; i++)
{
    // As pwsh -File binds them: -Name value, -Switch (followed by another -Name or nothing), or a positional value.
    if (!args[i].StartsWith('-')) shell.AddArgument(args[i]);
    else if (i + 1 < args.Length && !args[i + 1].StartsWith('-')) shell.AddParameter(args[i].Substring(1), args[++i]);
    else shell.AddParameter(args[i].Substring(1));
}

shell.Streams.Error.DataAdded += (_, e) => Console.WriteLine(shell.Streams.Error[e.Index].ToString());
shell.Streams.Warning.DataAdded += (_, e) => Console.WriteLine("WARNING: " + shell.Streams.Warning[e.Index].Message);
shell.Streams.Verbose.DataAdded += (_, e) => Console.WriteLine("VERBOSE: " + shell.Streams.Verbose[e.Index].Message);
shell.Streams.Information.DataAdded += (_, e) => Console.WriteLine(shell.Streams.Information[e.Index].MessageData);
PSDataCollection<PSObject> output = new();
output.DataAdded += (_, e) => Console.WriteLine(output[e.Index]?.ToString());

try
{
    shell.Invoke<PSObject>(input: null, output);
}
catch (RuntimeException e)
{
    Console.WriteLine(e.ErrorRecord.ToString());
    Console.WriteLine(e.ErrorRecord.ScriptStackTrace);
    return 1;
}
return runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int code ? code : 0;
