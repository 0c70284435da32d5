using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bookline.Cli.Tests.Web;

/// <summary><c>serve --certificate</c>: HTTPS with a PEM certificate and key, and a clear line for each way to get it wrong.</summary>
public sealed class ServeHttpsTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _catalog;
    private readonly string _certificate;
    private readonly string _key;
    private readonly X509Certificate2 _issued;

    public ServeHttpsTests()
    {
        _catalog = Path.Combine(_temp.Path, "catalog.db");
        Bookline.Catalog.Sqlite.SqliteCatalog.Open(_catalog).Dispose();
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _issued = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _certificate = Path.Combine(_temp.Path, "cert.pem");
        _key = Path.Combine(_temp.Path, "key.pem");
        File.WriteAllText(_certificate, _issued.ExportCertificatePem());
        File.WriteAllText(_key, rsa.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _issued.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task ACertificateAndItsKeyServeHttps()
    {
        var address = new Uri($"https://127.0.0.1:{LoopbackPort.Free()}");
        var console = new TestConsole();
        using var stop = new CancellationTokenSource();
        Task<int> serving = BooklineApp.RunAsync(["serve", "--catalog", _catalog, "--urls", address.ToString(), "--certificate", _certificate, "--certificate-key", _key],
            console.Console, TextWriter.Null, TextWriter.Null, stop.Token);
        try
        {
            for (int i = 0; i < 400 && !console.Text.Contains("Serving", StringComparison.Ordinal); i++)
            {
                Assert.False(serving.IsCompleted, "serve ended at once: " + console.Text);
                await Task.Delay(25); // the command's line is its only sign that it listens
            }

            // The client trusts exactly this certificate, and sees it is the one served.
            string? seen = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => (seen = certificate?.Thumbprint) == _issued.Thumbprint,
            };
            using var https = new HttpClient(handler) { BaseAddress = address };
            using HttpResponseMessage response = await https.GetAsync("/opds");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(_issued.Thumbprint, seen);
        }
        finally
        {
            stop.Cancel();
            Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    [Fact]
    public async Task EachWayToGetTheCertificateWrongIsOneLine()
    {
        string missing = Path.Combine(_temp.Path, "missing.pem");
        string other = Path.Combine(_temp.Path, "other-key.pem");
        using (var rsa = RSA.Create(2048))
        {
            File.WriteAllText(other, rsa.ExportPkcs8PrivateKeyPem());
        }

        (string[] Args, string Says)[] cases =
        [
            (["--urls", "http://127.0.0.1:5080", "--certificate", _certificate, "--certificate-key", _key], "names no https:// address"),
            (["--urls", "https://127.0.0.1:5443", "--certificate", missing], "There is no certificate file at"),
            (["--urls", "https://127.0.0.1:5443", "--certificate", _certificate], "has no private key"),
            (["--urls", "https://127.0.0.1:5443", "--certificate", _certificate, "--certificate-key", other], "cannot be used"),
            (["--urls", "https://127.0.0.1:5443", "--certificate-key", _key], "give both"),
        ];
        foreach ((string[] args, string says) in cases)
        {
            (int exit, string text, string error) = await CliRun.RunAsync(["serve", "--catalog", _catalog, .. args]);
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}");
            Assert.Contains(says, text + error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text + error, StringComparison.Ordinal);
        }
    }
}
