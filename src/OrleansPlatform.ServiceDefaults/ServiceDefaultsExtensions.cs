using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrleansPlatform.ServiceDefaults;

/// <summary>Telemetry and health wiring shared by every platform process.</summary>
public static class ServiceDefaultsExtensions
{
    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    /// <summary>The prefix of every platform activity source and meter name.</summary>
    internal const string PlatformSourcePrefix = "OrleansPlatform.";

    /// <summary>Adds OpenTelemetry (Prometheus metrics; OTLP traces and metrics when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, trace context propagation only otherwise) and a liveness check.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName = "orleans-platform")
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(PlatformSourcePrefix + "*", "Microsoft.Orleans")
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                    .AddSource(PlatformSourcePrefix + "*", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"))
                .UseOtlpExporter();
        }
        else
        {
            // Recording spans nobody exports cost about a tenth of a silo's CPU per append; propagate context only.
            builder.Services.AddHostedService<TraceContextPropagation>();
        }

        builder.Services.AddHealthChecks().AddCheck("process", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c> (checks tagged <c>ready</c>, as JSON with their details) and <c>/metrics</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthReportJson.WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
