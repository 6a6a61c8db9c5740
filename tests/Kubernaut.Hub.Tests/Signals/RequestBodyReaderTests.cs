using Kubernaut.Hub.Signals;
using Microsoft.AspNetCore.Http;

namespace Kubernaut.Hub.Tests.Signals;

public sealed class RequestBodyReaderTests
{
    [Theory]
    [InlineData(10, true)]
    [InlineData(40_000, false)]
    [InlineData(100_000, false)]
    public async Task ReadAsync_WithinLimit_ReturnsExactlyTheBody(int length, bool declareLength)
    {
        var sent = Bytes(length);
        var request = Request(sent, declareLength);

        using var body = await RequestBodyReader.ReadAsync(request, 100_000, TestContext.Current.CancellationToken);

        Assert.NotNull(body);
        Assert.Equal(sent, body.Memory.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_OverLimit_ReturnsNullAfterDrainingTheSender(bool declareLength)
    {
        var request = Request(Bytes(250_000), declareLength);

        var body = await RequestBodyReader.ReadAsync(request, 100_000, TestContext.Current.CancellationToken);

        Assert.Null(body);
        Assert.Equal(request.Body.Length, request.Body.Position);
    }

    [Fact]
    public async Task Memory_AfterDispose_Throws()
    {
        var body = await RequestBodyReader.ReadAsync(Request(Bytes(10), true), 100, TestContext.Current.CancellationToken);
        body!.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.Memory);
    }

    private static byte[] Bytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31))];

    private static HttpRequest Request(byte[] body, bool declareLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = declareLength ? body.Length : null;
        return context.Request;
    }
}
