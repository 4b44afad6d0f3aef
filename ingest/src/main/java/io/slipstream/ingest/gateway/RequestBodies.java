package io.slipstream.ingest.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Reads request bodies within a size limit, inflating gzip (as OTLP exporters send by default). */
final class RequestBodies {

  private RequestBodies() {}

  /**
   * Returns the media type of a {@code Content-Type} value, lowercase and without parameters, or an
   * empty string.
   */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads the body, at most {@code limit} bytes after decompression.
   *
   * @param declaredLength the Content-Length, or -1
   * @param contentEncoding the Content-Encoding header, or null ({@code gzip} and {@code identity}
   *     are understood)
   * @throws PayloadTooLargeException when the body (declared, read, or inflated) exceeds the limit
   * @throws MalformedBodyException for an unknown encoding or a corrupt gzip stream
   */
  static byte[] read(InputStream raw, long declaredLength, String contentEncoding, long limit) {
    String encoding =
        contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    if (!encoding.equals("identity") && !encoding.equals("gzip")) {
      throw new MalformedBodyException("unsupported Content-Encoding '" + encoding + "'");
    }
    if (declaredLength > limit) {
      throw new PayloadTooLargeException(limit);
    }
    try (InputStream in = encoding.equals("gzip") ? new GZIPInputStream(raw) : raw) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      int read;
      while ((read = in.read(buffer)) >= 0) {
        total += read;
        if (total > limit) {
          throw new PayloadTooLargeException(limit);
        }
        out.write(buffer, 0, read);
      }
      return out.toByteArray();
    } catch (java.util.zip.ZipException e) {
      throw new MalformedBodyException("body is not valid gzip: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }
}
