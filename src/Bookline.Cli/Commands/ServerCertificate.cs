using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bookline.Cli.Commands;

/// <summary><c>serve --certificate</c>: the certificate HTTPS is served with, read once at start; a file that cannot be read is said in one line.</summary>
internal static class ServerCertificate
{
    /// <summary>The variable that holds a PKCS#12 file's password (never an option: command lines are seen by every user of the machine).</summary>
    public const string PasswordVariable = "BOOKLINE_CERTIFICATE_PASSWORD";

    /// <summary>The certificate, or null without --certificate.</summary>
    /// <exception cref="UserException">A file is missing or unreadable, the key does not match, or --urls names no https address.</exception>
    public static X509Certificate2? Load(FileInfo? certificate, FileInfo? key, string urls)
    {
        if (certificate is null)
        {
            if (key is not null)
            {
                throw new UserException("--certificate-key is the key of --certificate: give both.") { ExitCode = ExitCodes.Usage };
            }

            return null;
        }

        foreach (FileInfo file in new[] { certificate, key }.OfType<FileInfo>())
        {
            if (!file.Exists)
            {
                throw new UserException($"There is no certificate file at '{file.FullName}'.") { ExitCode = ExitCodes.Usage };
            }
        }

        if (!urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UserException($"--certificate serves HTTPS, but --urls ({urls}) names no https:// address: give one, as in --urls https://0.0.0.0:5443.") { ExitCode = ExitCodes.Usage };
        }

        bool pkcs12 = certificate.Extension.ToLowerInvariant() is ".pfx" or ".p12";
        try
        {
            if (!pkcs12 && key is null && !File.ReadAllText(certificate.FullName).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                throw new UserException($"The certificate '{certificate.FullName}' has no private key: give the key with --certificate-key.") { ExitCode = ExitCodes.Usage };
            }

            X509Certificate2 loaded = pkcs12
                ? X509CertificateLoader.LoadPkcs12FromFile(certificate.FullName, Environment.GetEnvironmentVariable(PasswordVariable))
                : X509Certificate2.CreateFromPemFile(certificate.FullName, key?.FullName);
            if (!loaded.HasPrivateKey)
            {
                throw new UserException($"The certificate '{certificate.FullName}' has no private key: give the key with --certificate-key.") { ExitCode = ExitCodes.Usage };
            }

            return loaded;
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UserException($"The certificate '{certificate.FullName}' cannot be used: {exception.Message.TrimEnd('.')}.", exception) { ExitCode = ExitCodes.Usage };
        }
    }
}
