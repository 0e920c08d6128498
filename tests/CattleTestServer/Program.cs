// Runs the Cattle test server until stdin closes or the process is killed; prints its URL as the first line.
// Arguments: [--https] [--max-page-size N]
using CattleTestServer;

bool https = args.Contains("--https");
int pageIndex = Array.IndexOf(args, "--max-page-size");
await using CattleServer server = await CattleServer.StartAsync(https);
if (pageIndex >= 0) server.MaxPageSize = int.Parse(args[pageIndex + 1]);
Console.WriteLine(server.Url);
Console.Out.Flush();
await Task.Run(() => Console.In.ReadToEnd());
