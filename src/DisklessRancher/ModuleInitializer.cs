using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace DisklessRancher
{
    /// <summary>
    /// Loads third-party assemblies from the module's Dependencies folder, so they are found without being
    /// placed beside the module where another module's copy could shadow them.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string DependencyFolder = Path.Combine(
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "Dependencies");

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveDependency;

        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveDependency;

        private static Assembly? ResolveDependency(object? sender, ResolveEventArgs args)
        {
            string candidate = Path.Combine(DependencyFolder, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
    }
}
