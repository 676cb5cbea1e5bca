using System.Net;
using OrleansPlatform.Tests.Infrastructure;
using OrleansPlatform.Tests.Transactions;
using static Microsoft.Playwright.Assertions;

namespace OrleansPlatform.Tests.Admin;

[Collection(AdminUiCollection.Name)]
public sealed class TransactionPageTests(AdminUiFixture ui)
{
    [Fact]
    public async Task TransactionsPage_ACommittedTransaction_ShowsEachParticipantsVoteAndOutcome()
    {
        await using var server = await ParticipantServer.StartAsync();
        var transactionId = TransactionApiExtensions.NewTransactionId();
        var start = await ui.Api.StartTransactionAsync(transactionId, "00:00:10",
            TransactionApiExtensions.Participant(server, "stock"), TransactionApiExtensions.Participant(server, "payments"));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await ui.Api.FinishedAsync(transactionId);
        var page = await ui.PageAsync(AdminUiFixture.ReaderKey);

        await page.ClickAsync("nav >> text=Transactions");
        await page.SelectOptionAsync("#transaction-status", "committed");
        await page.ClickAsync("#transaction-filter");
        await page.ClickAsync($"#transactions tr[data-transaction='{transactionId}']");

        await Expect(page.Locator("#transaction-status-value")).ToHaveTextAsync("committed");
        await Expect(page.Locator("#participants tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#participants tbody")).ToContainTextAsync("prepared");
        await ui.ScreenshotAsync(page, "transactions");
    }
}
