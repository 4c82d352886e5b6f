namespace Portal.Features.Audit;

public static class AuditEndpoints
{
    // Length and HeadHash: the chain as far as it is intact. Checked: the events new since the last verification, checked
    // by this request. Missing: the head row counts events that are not there. LastFullVerification: the daily check of
    // every event (and the verify-audit command), null until one has completed.
    public sealed record Verification(long Length, string HeadHash, bool Intact, long? FirstBadId, bool Missing, long Checked,
        FullVerification? LastFullVerification);

    public sealed record FullVerification(DateTime CompletedUtc, long Length, bool Intact, long? FirstBadId);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        // Anyone may ask the server to check the chain: what is new since the last check, in a few reads, however long it is.
        app.MapGet("/api/v1/audit/verify", async (AuditLog audit, HttpContext http) =>
        {
            var check = await audit.VerifyNewAsync(http.RequestAborted);
            var full = check.LastFullCheck is { } f && check.LastFullCheckUtc is { } at
                ? new FullVerification(DateTime.SpecifyKind(at, DateTimeKind.Utc), f.Length, f.IsIntact, f.FirstBadId)
                : null;
            return Results.Ok(new Verification(check.Chain.Length, check.Chain.HeadHash, check.IsIntact, check.Chain.FirstBadId ?? full?.FirstBadId,
                check.Chain.Missing || check.LastFullCheck?.Missing == true, check.Checked, full));
        }).AllowAnonymous();
        return app;
    }
}
