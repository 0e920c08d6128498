namespace DisklessRancher.Core.Rancher
{
    /// <summary>A Rancher 1.6 environment (the API calls it a project).</summary>
    public sealed class RancherEnvironment
    {
        public RancherEnvironment(string id, string? name, string? state)
        {
            Id = id;
            Name = name;
            State = state;
        }

        /// <summary>The API id, such as 1a5.</summary>
        public string Id { get; }

        public string? Name { get; }

        public string? State { get; }

        public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";

        internal static RancherEnvironment FromJson(JsonObject json) =>
            new RancherEnvironment(json.GetString("id") ?? string.Empty, json.GetString("name"), json.GetString("state"));
    }
}
