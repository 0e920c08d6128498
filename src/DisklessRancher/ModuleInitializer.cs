using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace DisklessRancher
{
    /// <summary>
    /// Loads the third-party assemblies our own assemblies ask for from the module's Dependencies folder.
    /// On PowerShell 7 they go into a load context of their own, so another module's copy of, say, YamlDotNet in
    /// the default context neither blocks ours nor gets ours; Windows PowerShell loads side-by-side versions anyway.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder =
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        private static readonly DependencyLoader Loader = new DependencyLoader(Path.Combine(ModuleFolder, "Dependencies"));

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveDependency;

        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveDependency;

        private static Assembly? ResolveDependency(object? sender, ResolveEventArgs args)
        {
            // Only requests from our own assemblies: another module asking for the same name must not get our copy.
            Assembly? requester = args.RequestingAssembly;
            if (requester != null && !IsOurs(requester)) return null;
            return Loader.Load(new AssemblyName(args.Name));
        }

        private static bool IsOurs(Assembly assembly)
        {
            string? location = string.IsNullOrEmpty(assembly.Location) ? null : Path.GetDirectoryName(assembly.Location);
            return string.Equals(location, ModuleFolder, StringComparison.Ordinal)
                || string.Equals(location, Loader.Folder, StringComparison.Ordinal);
        }

        /// <summary>Loads assemblies by name from one folder, into a private load context where the runtime has one.</summary>
        private sealed class DependencyLoader
        {
            private readonly object? _loadContext;
            private readonly MethodInfo? _loadFromPath;

            public DependencyLoader(string folder)
            {
                Folder = folder;
                // AssemblyLoadContext is not part of netstandard2.0: reach it by reflection on .NET (PowerShell 7).
                Type? contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader");
                if (contextType != null)
                {
                    _loadContext = Activator.CreateInstance(contextType, "DisklessRancher.Dependencies", false);
                    _loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
                }
            }

            public string Folder { get; }

            public Assembly? Load(AssemblyName name)
            {
                string candidate = Path.Combine(Folder, name.Name + ".dll");
                if (!File.Exists(candidate)) return null;
                if (_loadContext == null || _loadFromPath == null) return Assembly.LoadFrom(candidate);
                return (Assembly?)_loadFromPath.Invoke(_loadContext, new object[] { candidate });
            }
        }
    }
}
