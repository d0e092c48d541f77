package chorus.transport.api;

import chorus.core.config.FolderType;
import chorus.core.config.TcpAddress;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The JSON form of API values: IDs and addresses as their text forms ({@code tcp://HOST:PORT}), instants
 * as ISO-8601 UTC, enums in lower case. The server reads request bodies strictly (an unknown field is a
 * client bug worth a 400); the CLI reads responses leniently, so a newer daemon may add fields.
 */
public final class ApiJson {
  private ApiJson() {}

  /** Rejects unknown fields, nulls for primitives and trailing tokens: for request bodies. */
  public static ObjectMapper strict() {
    return base()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Ignores unknown fields: for responses read by a client that may be older than the server. */
  public static ObjectMapper lenient() {
    return base().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static ObjectMapper base() {
    SimpleModule values = new SimpleModule("chorus-api-values");
    addStringForm(values, DeviceId.class, DeviceId::toString, DeviceId::parse);
    addStringForm(values, FolderId.class, FolderId::value, FolderId::of);
    addStringForm(values, TcpAddress.class, TcpAddress::toUri, ApiJson::parseAddress);
    addStringForm(values, FolderType.class, FolderType::text, FolderType::parse);
    addStringForm(values, chorus.core.config.VersioningConfig.Type.class, chorus.core.config.VersioningConfig.Type::text,
        chorus.core.config.VersioningConfig.Type::parse);
    addStringForm(values, StatusReport.FolderState.class, StatusReport.FolderState::text,
        StatusReport.FolderState::parse);
    addStringForm(values, StatusReport.JoinState.class, StatusReport.JoinState::text, StatusReport.JoinState::parse);
    addStringForm(values, Instant.class, Instant::toString, ApiJson::parseInstant);
    addStringForm(values, chorus.core.feed.FeedAction.class, chorus.core.feed.FeedAction::text,
        chorus.core.feed.FeedAction::parse);
    addStringForm(values, chorus.core.model.FileType.class, ApiJson::fileTypeText, ApiJson::parseFileType);
    return new ObjectMapper().registerModule(values);
  }

  /** Where in the document a mapping error is, as {@code folders[0].type}, or "the top level". */
  public static String fieldPath(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "the top level" : out.toString();
  }

  /** The innermost cause's message (e.g. a value type's own explanation), without Jackson's decoration. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t instanceof JsonMappingException jm ? jm.getOriginalMessage() : t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  private static String fileTypeText(chorus.core.model.FileType type) {
    return type.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static chorus.core.model.FileType parseFileType(String text) {
    for (chorus.core.model.FileType t : chorus.core.model.FileType.values()) {
      if (fileTypeText(t).equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("file type \"" + text + "\" is invalid; expected file, directory or symlink");
  }

  private static TcpAddress parseAddress(String text) {
    return text.startsWith("tcp://") ? TcpAddress.parseUri(text) : TcpAddress.parseHostPort(text);
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not an ISO-8601 instant like 2024-05-01T12:00:00Z", e);
    }
  }

  private static <T> void addStringForm(
      SimpleModule module, Class<T> type, Function<T, String> format, Function<String, T> parse) {
    module.addSerializer(type, new JsonSerializer<T>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeString(format.apply(value));
      }
    });
    module.addDeserializer(type, new JsonDeserializer<T>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        if (text == null) {
          throw JsonMappingException.from(p, "expected a string");
        }
        try {
          return parse.apply(text);
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    });
  }
}
