package chorus.transport.peer;

import chorus.transport.wire.MessageDecoder;
import io.netty.channel.Channel;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a connection reads from its peer. Several parts of a connection may each need reading stopped
 * for a while (the chunk server when too many requested bytes wait, the index exchange when too many
 * IndexUpdates wait to be stored, the handshake while an invite is checked); reading resumes only when
 * none does, so one part's resume never undoes another's pause.
 *
 * <p>A pause for {@link Reason#INDEX_BACKLOG} also holds the decoder: frames already read stay bytes,
 * undecoded, so no more messages are handed on than the bound allows.
 *
 * <p>Confined to the channel's event loop.
 */
public final class ReadGate {
  /** Why reading is paused. */
  public enum Reason {
    CHUNK_REQUESTS,
    INDEX_BACKLOG,
    PAIRING
  }

  private final Channel channel;
  private final Set<Reason> paused = EnumSet.noneOf(Reason.class);

  ReadGate(Channel channel) {
    this.channel = channel;
  }

  /** Stops reading for {@code reason}. Event loop only. */
  public void pause(Reason reason) {
    if (!paused.add(reason)) {
      return;
    }
    channel.config().setAutoRead(false);
    if (reason == Reason.INDEX_BACKLOG) {
      MessageDecoder decoder = channel.pipeline().get(MessageDecoder.class);
      if (decoder != null) {
        decoder.hold();
      }
    }
  }

  /** Lifts the pause for {@code reason}; reading resumes if nothing else holds it. Event loop only. */
  public void resume(Reason reason) {
    if (!paused.remove(reason)) {
      return;
    }
    if (reason == Reason.INDEX_BACKLOG) {
      MessageDecoder decoder = channel.pipeline().get(MessageDecoder.class);
      if (decoder != null) {
        decoder.resume(); // may pass on buffered messages, which may pause again
      }
    }
    if (paused.isEmpty() && channel.isActive()) {
      channel.config().setAutoRead(true);
    }
  }

  /** True while {@code reason} holds reading. Event loop only. */
  public boolean isPaused(Reason reason) {
    return paused.contains(reason);
  }
}
