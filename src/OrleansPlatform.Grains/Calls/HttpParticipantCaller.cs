using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OrleansPlatform.Grains.Calls;

/// <summary>Calls participants over HTTP; the answer, a timeout or a refused connection all become a <see cref="CallOutcome"/>.</summary>
public sealed class HttpParticipantCaller(IHttpClientFactory clients, IServiceResolver services) : IParticipantCaller
{
    public const string ClientName = "platform-participants";

    public async Task<CallOutcome> CallAsync(ParticipantCall call, CancellationToken cancellationToken)
    {
        var target = call.Target;
        Uri uri;
        if (target.Url is { } url)
        {
            uri = new Uri(url);
        }
        else if (await services.ResolveAsync(target.Service!, cancellationToken) is { } address)
        {
            uri = new Uri(address, target.Path);
        }
        else
        {
            // The service may register later: worth retrying within the step's policy.
            return CallOutcome.Failed($"service '{target.Service}' has no healthy instance", retryable: true);
        }

        using var request = new HttpRequestMessage(new HttpMethod(target.Method.ToUpperInvariant()), uri);
        if (call.Body is not null)
        {
            request.Content = new StringContent(call.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        foreach (var (name, value) in call.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(call.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new CallOutcome(true, status, body, null, false)
                : CallOutcome.Failed($"{target} answered {status}", IsRetryable(response.StatusCode), status, body);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return CallOutcome.Failed($"{target} did not answer within {call.Timeout.TotalSeconds:0.###} s", retryable: true);
        }
        catch (HttpRequestException ex)
        {
            return CallOutcome.Failed($"{target} could not be reached: {ex.Message}", retryable: true);
        }
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
