using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Objections;

public sealed class ObjectionMalformedBodyTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("application/json", "{ not json")]
    [InlineData("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nunterminated")]
    public async Task Api_UnreadableBody_Is400NamingTheBody(string contentType, string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var response = await app.CreateClient().PostAsync("/api/v1/objections", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"body\"", await response.Content.ReadAsStringAsync(Ct));
    }
}
