using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>With API keys the caller is the key's <c>Name</c>; <c>X-Caller-Service</c> cannot claim another identity.</summary>
public sealed class MeshSecuredTests(SecuredMeshFixture fixture) : IClassFixture<SecuredMeshFixture>
{
    private static readonly string[] OnlyOrders = ["orders"];

    [Fact]
    public async Task Allowlist_WithKeys_TheCallerComesFromTheKeyNotTheHeader()
    {
        var (service, backends) = await fixture.Admin.ServiceAsync(1, new { allowedCallers = OnlyOrders });
        try
        {
            var impostor = MeshApi.Request(HttpMethod.Get, service, "/x", caller: "orders");
            impostor.Headers.Add("X-Api-Key", SecuredMeshFixture.IntruderKey);
            var genuine = MeshApi.Request(HttpMethod.Get, service, "/x", caller: "someone-else");
            genuine.Headers.Add("X-Api-Key", SecuredMeshFixture.OrdersKey);

            var refused = await fixture.Client.SendAsync(impostor);
            var allowed = await fixture.Client.SendAsync(genuine);

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var problem = await refused.JsonAsync();
            Assert.Equal("allowlist", problem["rule"].Str());
            Assert.Contains("intruder", problem["detail"].Str(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            var seen = Assert.Single(backends[0].Requests);
            Assert.Equal("orders", seen.Header("X-Caller-Service"));
            Assert.Null(seen.Header("X-Api-Key"));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Allowlist_WithJwt_TheCallerIsTheTokensClientId()
    {
        var (service, backends) = await fixture.Admin.ServiceAsync(1, new { allowedCallers = OnlyOrders });
        try
        {
            var asOrders = MeshApi.Request(HttpMethod.Get, service, "/x", caller: "billing");
            asOrders.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("orders"));
            var asBilling = MeshApi.Request(HttpMethod.Get, service, "/x", caller: "orders");
            asBilling.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("billing"));

            var allowed = await fixture.Client.SendAsync(asOrders);
            var refused = await fixture.Client.SendAsync(asBilling);

            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var seen = Assert.Single(backends[0].Requests);
            Assert.Equal("orders", seen.Header("X-Caller-Service"));
            Assert.Null(seen.Header("Authorization"));
        }
        finally
        {
            await backends.DisposeAllAsync();
        }
    }

    [Fact]
    public async Task Mesh_WithoutKey_Returns401()
    {
        var response = await fixture.Client.SendAsync(MeshApi.Request(HttpMethod.Get, Registry.RegistryApi.NewService(), "/x", caller: "orders"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string Token(string clientId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", "user-1"), new Claim("client_id", clientId), new Claim("role", "reader")]),
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SecuredMeshFixture.SigningKey)), SecurityAlgorithms.HmacSha256),
    });
}
