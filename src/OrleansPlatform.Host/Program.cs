using Orleans.Dashboard;
using OrleansPlatform.Gateway;
using OrleansPlatform.Gateway.Security;
using OrleansPlatform.Startup;
using OrleansPlatform.ServiceDefaults;
using OrleansPlatform.Silo;

try
{
    var builder = WebApplication.CreateBuilder(args);
    DefaultListenAddress.ApplyUnlessConfigured(builder);
    // The admin UI's framework script is a static web asset: from a build output (any environment) it is found through
    // the build's manifest; a published app has it in wwwroot and this does nothing.
    builder.WebHost.UseStaticWebAssets();
    builder.AddServiceDefaults();
    builder.AddOrleansPlatform();
    builder.Services.AddPlatformGateway(builder.Configuration);
    // Give in-flight requests and queued appends time to finish when SIGTERM arrives.
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

    var app = builder.Build();
    app.UsePlatformGateway();
    app.MapDefaultEndpoints();
    app.MapPlatformApi();
    // The dashboard shows the whole cluster: with keys configured it is for admins only.
    app.MapOrleansDashboard("/dashboard").RequireAuthorization(SecurityExtensions.AdminPolicy);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.TryExplain(ex, out var line))
{
    await Console.Error.WriteLineAsync(line);
    return 1;
}

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
