using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure;

// A setting outside its rule stops start-up before the database is touched, with one line naming the key and the rule;
// the web server's limits (read before the container exists) and the key ring's folder go through the same rules.
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Review__Lanes__Administrative__Reply__Count", "0", "Review:Lanes:Administrative:Reply:Count must be between 1 and 365")]
    [InlineData("Review__Lanes__Administrative__Acceptance__Unit", "Weekdays", "Review:Lanes:Administrative:Acceptance:Unit must be CalendarDays or WorkingDays")]
    [InlineData("Review__Lanes__Administrative__SecondAppeal__Unit", "2", "Review:Lanes:Administrative:SecondAppeal:Unit must be CalendarDays or WorkingDays")]
    [InlineData("Review__Lanes__Misconduct__ResultNotice__Count", "400", "Review:Lanes:Misconduct:ResultNotice:Count must be between 1 and 365")]
    [InlineData("Review__Extensions__MaxDays", "0", "Review:Extensions:MaxDays must be between 1 and 365")]
    [InlineData("Review__Extensions__Unit", "Weekdays", "Review:Extensions:Unit must be CalendarDays or WorkingDays")]
    [InlineData("Review__IdentityRevealHours", "0", "Review:IdentityRevealHours must be between 1 and 168")]
    [InlineData("Security__IdleMinutes", "0", "Security:IdleMinutes must be between 1 and 1440")]
    [InlineData("Limits__AttachmentBytes", "-1", "Limits:AttachmentBytes must be between 1 and 1073741824")]
    [InlineData("Limits__CircuitsPerAddress", "0", "Limits:CircuitsPerAddress must be between 1 and 2147483647")]
    [InlineData("Import__MaxRows", "0", "Import:MaxRows must be between 1 and 2147483647")]
    [InlineData("Procedures__Exitt__OnlineRetentionDays", "5", "Procedures:Exitt must name an announcement kind")]
    [InlineData("Procedures__Exit__Stages__0__Level", "Village", "Procedures:Exit:Stages:0:Level must be one of VillagePublicity, TownshipPublicity, DistrictNotice")]
    [InlineData("Procedures__RiskElimination__OnlineRetentionDays", "30", "Procedures:RiskElimination:Stages must list at least one stage")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "proxy.local", "ForwardedHeaders:KnownProxies must list IP addresses, not 'proxy.local'")]
    public Task Start_SettingOutsideItsRule_StopsWithOneLineNamingTheKeyAndTheRule(string variable, string value, string message) =>
        StopsAsync(new Dictionary<string, string> { [variable] = value }, message);

    // A configured kind replaces its whole procedure: one that is complete but for one rule names that rule's key.
    [Theory]
    [InlineData("Procedures__Exit__Stages__0__MinimumPeriod__Count", "0", "Procedures:Exit:Stages:0:MinimumPeriod:Count must be at least 1")]
    [InlineData("Procedures__Exit__OnlineFields__0", "IdNumber", "Procedures:Exit:OnlineFields:0 must name a field")]
    [InlineData("Procedures__Exit__Stages__1__Level", "VillagePublicity", "Procedures:Exit:Stages:1:Level must come after VillagePublicity")]
    [InlineData("Procedures__Exit__OnlineRetentionDays", "0", "Procedures:Exit:OnlineRetentionDays must be from 1 to 3650")]
    public Task Start_ProcedureThatCannotWork_StopsWithOneLineNamingTheKey(string variable, string value, string message)
    {
        var procedure = new Dictionary<string, string>
        {
            ["Procedures__Exit__Stages__0__Level"] = "VillagePublicity",
            ["Procedures__Exit__Stages__0__Name"] = "AnnouncementStage.VillagePublicity",
            ["Procedures__Exit__Stages__0__PublishedBy"] = "TownshipReviewer",
            ["Procedures__Exit__Stages__0__MinimumPeriod__Count"] = "5",
            ["Procedures__Exit__Stages__0__MinimumPeriod__Unit"] = "WorkingDays",
            ["Procedures__Exit__OnlineFields__0"] = "Subject",
            ["Procedures__Exit__NoticeFields__0"] = "Subject",
            ["Procedures__Exit__OnlineRetentionDays"] = "30",
        };
        if (variable.Contains("Stages__1", StringComparison.Ordinal))
        {
            procedure["Procedures__Exit__Stages__1__Name"] = "Procedures.Stage.TownshipCheck";
            procedure["Procedures__Exit__Stages__1__PublishedBy"] = "TownshipReviewer";
            procedure["Procedures__Exit__Stages__1__Publicity"] = "false";
        }
        procedure[variable] = value;
        return StopsAsync(procedure, message);
    }

    private static async Task StopsAsync(Dictionary<string, string> settings, string message)
    {
        using var folder = new TempFolder("options");
        var database = Path.Combine(folder.Path, "portal.db");
        var result = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Portal"] = $"Data Source={database}",
            ["Security__KeysPath"] = Path.Combine(folder.Path, "keys"),
        }.Concat(settings).ToDictionary(), [], TimeSpan.FromSeconds(45));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Error + result.Output);
        // The file may exist (made private before anything opens it), but nothing was migrated into it.
        Assert.True(!File.Exists(database) || new FileInfo(database).Length == 0, "the database was migrated before the settings were checked");
    }
}
