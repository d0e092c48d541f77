package chorus.core.protocol;

/** Keeps an idle connection alive and proves the peer still answers. */
public record Ping() implements Message {}
