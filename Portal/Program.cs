using Portal.Features.Demo;
using Portal.Infrastructure;

if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(args[1..]);
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
catch (PortalStartupException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

public partial class Program;
