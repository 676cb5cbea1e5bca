using System.CommandLine;
using OrleansPlatform.Bench.Scenarios;

var root = new RootCommand("""
    OrleansPlatform benchmark: append throughput/latency (typed client or HTTP), a raw PostgreSQL baseline and
    global-feed catch-up. Every endpoint must be loopback; every run is bounded in time; errors are counted.
    """)
{
    AppendScenario.CreateCommand(),
    BaselineScenario.CreateCommand(),
    ReadAllScenario.CreateCommand(),
    PublishScenario.CreateCommand(),
    DeliverScenario.CreateCommand(),
    RoundTripScenario.CreateCommand(),
    TransactionScenario.CreateCommand(),
    SagaScenario.CreateCommand(),
    ResolveScenario.CreateCommand(),
    StateScenario.CreateCommand(),
    MeshScenario.CreateCommand(),
    ProjectScenario.CreateCommand(),
    MartenProjectScenario.CreateCommand(),
};

return await root.Parse(args).InvokeAsync();
