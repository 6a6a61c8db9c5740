using System.IO.Pipelines;
using System.Net.Security;
using Microsoft.AspNetCore.Connections;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>
/// Serves plain HTTP and HTTPS on one port: a connection whose first byte starts a TLS handshake (0x16) is
/// wrapped in TLS. Kubernetes clients refuse to send bearer tokens over plain HTTP, while Prometheus and the
/// scenario API are simplest over HTTP; one port keeps the interface a single base address.
/// </summary>
internal static class TlsSniffingMiddleware
{
    private const byte TlsHandshake = 0x16;

    public static Func<ConnectionDelegate, ConnectionDelegate> Create(FleetCertificate certificate) => next => async connection =>
    {
        var input = connection.Transport.Input;
        var read = await input.ReadAtLeastAsync(1, connection.ConnectionClosed);
        if (read.Buffer.IsEmpty)
        {
            return;
        }

        var isTls = read.Buffer.FirstSpan[0] == TlsHandshake;
        input.AdvanceTo(read.Buffer.Start);
        if (!isTls)
        {
            await next(connection);
            return;
        }

        var original = connection.Transport;
        await using var ssl = new SslStream(new DuplexPipeStream(original), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate.Serving,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        }, connection.ConnectionClosed);
        connection.Transport = new SslDuplexPipe(ssl);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = original;
        }
    };

    private sealed class SslDuplexPipe(Stream stream) : IDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

        public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>Presents a connection's pipes as one read/write stream for SslStream.</summary>
    private sealed class DuplexPipeStream(IDuplexPipe pipe) : Stream
    {
        private readonly Stream _reader = pipe.Input.AsStream(leaveOpen: true);
        private readonly Stream _writer = pipe.Output.AsStream(leaveOpen: true);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _reader.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _reader.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _writer.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _writer.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _writer.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _writer.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
