using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace OrleansPlatform.Admin.Session;

/// <summary>
/// Keeps the signed-in user's credential in an HttpOnly cookie, encrypted with ASP.NET Core data protection, so the
/// browser holds it without script access and only this process can read it back.
/// </summary>
public sealed class CredentialCookie(IDataProtectionProvider protection)
{
    public const string Name = "platform-admin";

    private readonly IDataProtector _protector = protection.CreateProtector("OrleansPlatform.Admin.Credential");

    /// <summary>The cookie's raw (still encrypted) value, to hand to the interactive part of the page.</summary>
    public static string? Ticket(HttpContext context) => context.Request.Cookies[Name];

    public void Write(HttpContext context, string credential) =>
        context.Response.Cookies.Append(Name, _protector.Protect(credential), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/admin",
            IsEssential = true,
        });

    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/admin" });

    /// <summary>The credential inside <paramref name="ticket"/>, or null when there is none or it does not decrypt (keys rotated, tampered).</summary>
    public string? Read(string? ticket)
    {
        if (ticket is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(ticket);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
