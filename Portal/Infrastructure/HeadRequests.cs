namespace Portal.Infrastructure;

// HEAD answers as GET does (status and headers, no body): link checkers, proxies and some in-app browsers ask with
// HEAD first, and the page and API endpoints are mapped for GET only.
public static class HeadRequests
{
    public static void Use(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            context.Request.Method = HttpMethods.Get;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });
}
