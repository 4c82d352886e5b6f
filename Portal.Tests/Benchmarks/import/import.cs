#:project ../../../Portal/Portal.csproj
#:property PublishAot=false
// The import budget of the scale benchmark (issue 18, must have 6), run by scale.sh as a file-based program against its
// database while it reads the public pages:
//   dotnet run Portal.Tests/Benchmarks/import/import.cs -- --households 100000 [--database scale.db]
// Writes a CSV of that many new households in the import template (2 MiB to 8 MiB: under the upload limit), then does what
// the import page does with it through the portal's own importer: the preview (every row read and checked, each ID
// number looked up) and the import (one transaction with its audit event). Prints, one "what<TAB>figure" line each,
// the preview's and the import's seconds and the resident memory the process grew by at its peak over what it held once
// started (VmRSS sampled every 20 ms). Each run adds the households: their ID numbers start after those of any earlier run.
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

var database = args is [.., "--database", var file] ? file : null;
if (args is not ["--households", var text, ..] || !int.TryParse(text, out var count) || CommandHost.Build(database) is not { } host)
{
    Console.Error.WriteLine("Usage: import.cs --households 100000 [--database <file.db>]");
    return 2;
}
await using var app = host.App;
await app.Services.GetRequiredService<Migrator>().MigrateAsync();
var importer = app.Services.GetRequiredService<HouseholdImporter>();
var existing = await app.Services.GetRequiredService<HouseholdStore>().CountAsync();
var groups = (await app.Services.GetRequiredService<RegionStore>().AllAsync()).Where(r => r.Level == RegionLevel.Group).Select(r => r.Code).ToArray();

// Born from 1900 on, a day for every thousand households already there: no earlier run's numbers and none of the
// seed's (born 1940 and after, while fewer than 14,600,000 households are there).
string IdNumber(int n)
{
    var first17 = $"511903{new DateOnly(1900, 1, 1).AddDays((int)(existing / 1000) + n / 1000):yyyyMMdd}{n % 1000:000}";
    return first17 + ResidentIdNumber.CheckCharacter(first17);
}
var csv = new StringBuilder(HouseholdImport.Template.Split("\r\n")[0]).Append("\r\n");
for (var n = 0; n < count; n++) csv.Append($"{groups[n % groups.Length]},导入户{n},{IdNumber(n)},{n % 6 + 1},一般贫困户,缺技术,\r\n");
var bytes = Encoding.UTF8.GetBytes(csv.ToString());
csv = null;

GC.Collect();
GC.WaitForPendingFinalizers();
var baseline = ResidentMiB();
var peak = baseline;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        peak = Math.Max(peak, ResidentMiB());
        await Task.Delay(20);
    }
});

static void Mark(string what) => Console.Error.WriteLine($"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:F3} {what}");
Mark("preview starts");
var stopwatch = Stopwatch.StartNew();
var preview = await importer.PreviewAsync("households.csv", new MemoryStream(bytes));
var previewed = stopwatch.Elapsed;
Mark("writing starts");
if (!preview.IsClean)
{
    Console.Error.WriteLine("The file is not clean: " + string.Join("; ", preview.Problems.Take(5)));
    return 1;
}
var admin = new StaffActor(0, "benchmark", StaffRole.Administrator, RegionScope.Of(DemoDistrict.DistrictCode));
if (!await importer.ImportAsync(preview, admin, null)) return 1;
var imported = stopwatch.Elapsed - previewed;
Mark("committed");
sampling.Cancel();
await sampler;

Console.WriteLine($"import of {count} households: preview (read and check every row)\t{previewed.TotalSeconds:F1}");
Console.WriteLine($"import of {count} households: writing them (one transaction)\t{imported.TotalSeconds:F1}");
Console.WriteLine($"import of {count} households: the whole, preview and writing\t{(previewed + imported).TotalSeconds:F1}");
Console.WriteLine($"import of {count} households: memory at its peak over the start\t{peak - baseline:F0}");
return 0;

static double ResidentMiB() =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS:")).Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).First();
