using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Admin.Components;

/// <summary>
/// A page that refreshes itself every <see cref="AdminOptions.RefreshInterval"/> while it is open, over its circuit,
/// so what it shows follows the platform without reloads. One timer per page; it stops when the page goes away.
/// </summary>
public abstract class LiveView : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _timer;

    [Inject]
    private IOptions<AdminOptions> Options { get; set; } = default!;

    /// <summary>Cancelled when the page is closed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Loads what the page shows; called once at start and then on every tick.</summary>
    protected abstract Task RefreshAsync();

    /// <summary>False while nothing on the page can change any more (a finished saga), to spare the API.</summary>
    protected virtual bool KeepRefreshing => true;

    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync();
        _timer = new PeriodicTimer(Options.Value.RefreshInterval);
        _ = TickAsync(_timer);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _timer?.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task TickAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (KeepRefreshing)
                {
                    await InvokeAsync(async () =>
                    {
                        await RefreshAsync();
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
        catch (ObjectDisposedException)
        {
            // The page closed while a tick was in flight.
        }
    }
}
