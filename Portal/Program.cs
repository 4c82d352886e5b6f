using Portal;
using Portal.Features.Demo;
using Portal.Infrastructure;

if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(args[1..]);
}

if (args is ["publish", ..])
{
    return await SeedCommand.PublishAsync(args[1..]);
}

if (args is ["verify-audit", ..])
{
    return await Portal.Features.Audit.VerifyAuditCommand.RunAsync(args[1..]);
}

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPortal();
    var app = builder.Build();
    await app.PreparePortalAsync();
    app.MapPortal();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (PortalStartupException.Line(e) is { } line)
{
    Console.Error.WriteLine(line);
    return 1;
}

public partial class Program;
