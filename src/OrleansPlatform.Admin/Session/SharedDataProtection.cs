using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Admin.Session;

/// <summary>
/// Data protection that several gateway processes can share: one application name (the default is derived from the
/// content root, which differs between installs) and, when <see cref="AdminOptions.KeysDirectory"/> is set, one key
/// ring in that directory. Then the credential cookie and a Blazor circuit's state written by one gateway decrypt on
/// another.
/// </summary>
internal static class SharedDataProtection
{
    public const string ApplicationName = "OrleansPlatform";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<AdminOptions>, ILoggerFactory>((keys, admin, logging) =>
        {
            if (admin.Value.KeysDirectory is { } directory)
            {
                keys.XmlRepository = new FileSystemXmlRepository(Directory.CreateDirectory(directory), logging);
            }
        });
        return services;
    }
}
