namespace Precis.Server.CdsHooks;

/// <summary>CDS Hooks 2.0 services: discovery, order-select, order-sign, patient-view and feedback.</summary>
public static class CdsHooksEndpoints
{
    public static IServiceCollection AddCdsHooks(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapCdsHooks(this IEndpointRouteBuilder app) => app;
}
