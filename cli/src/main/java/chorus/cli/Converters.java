package chorus.cli;

import chorus.cli.config.ApiAddresses;
import chorus.core.config.Cidr;
import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.config.VersioningConfig;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns command-line text into chorus's value types, so a malformed value is a usage error (exit 2) whose
 * message is the value type's own explanation. Registered on the root command: every command, including
 * those other modules add, gets them by declaring an option of the type.
 */
public final class Converters {
  private Converters() {}

  static void registerAll(CommandLine cl) {
    cl.registerConverter(DeviceId.class, of(DeviceId::parse));
    cl.registerConverter(FolderId.class, of(FolderId::of));
    cl.registerConverter(FolderType.class, of(FolderType::parse));
    cl.registerConverter(Cidr.class, of(Cidr::parse));
    cl.registerConverter(TcpAddress.class, of(TcpAddress::parseUri));
    cl.registerConverter(VersioningConfig.Type.class, of(VersioningConfig.Type::parse));
  }

  /** Wraps a parser whose {@link IllegalArgumentException} message says what is wrong. */
  public static <T> ITypeConverter<T> of(Function<String, T> parse) {
    return text -> parse(parse, text);
  }

  private static <T> T parse(Function<String, T> parse, String text) {
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** {@code tcp://HOST:PORT} with a port a peer can be dialled on (1-65535). */
  public static final class DialAddress implements ITypeConverter<TcpAddress> {
    @Override
    public TcpAddress convert(String text) {
      TcpAddress a = parse(TcpAddress::parseUri, text);
      if (a.port() == 0) {
        throw new TypeConversionException("address \"" + text + "\" has port 0, which cannot be dialled");
      }
      return a;
    }
  }

  /** {@code HOST:PORT} where HOST is a loopback IP address: the local API must never face the network. */
  public static final class LoopbackAddress implements ITypeConverter<TcpAddress> {
    @Override
    public TcpAddress convert(String text) {
      TcpAddress a = parse(TcpAddress::parseHostPort, text);
      String problem = ApiAddresses.problem(a);
      if (problem != null) {
        throw new TypeConversionException("API address \"" + text + "\" " + problem);
      }
      return a;
    }
  }
}
