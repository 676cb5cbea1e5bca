using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Grains.Registry;

/// <summary>Runs one active HTTP health check: a GET that passes with a 2xx answer within its timeout.</summary>
public sealed class HealthProbe(IHttpClientFactory clients)
{
    public const string ClientName = "platform-registry-health";

    public async Task<bool> CheckAsync(string address, HealthCheckSettings check, TimeSpan defaultTimeout)
    {
        using var timeout = new CancellationTokenSource(check.Timeout ?? defaultTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .GetAsync(new Uri(new Uri(address), check.Path), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
