package chorus.dbbridge;

import chorus.dbbridge.connect.CatalogConnector;
import chorus.dbbridge.connect.CatalogUnavailableException;
import chorus.dbbridge.link.Expected;
import chorus.dbbridge.link.SongLinks;
import chorus.dbbridge.schema.Migrations;
import chorus.dbbridge.state.FileStates;
import chorus.dbbridge.state.FullLink;
import chorus.core.config.CatalogConfig;
import chorus.core.feed.FeedPage;
import chorus.core.feed.FeedReader;
import chorus.core.id.FolderId;
import chorus.core.port.LocalFiles;
import chorus.core.port.PullPriority;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog bridge of one device: on a thread of its own, it keeps {@code chorus.file_state} in this
 * host's database true to the index, from the durable change feed, and learns at once of song rows that
 * arrive (a trigger, {@code pg_notify} and the {@code chorus.song_events} table behind it).
 *
 * <p>It never holds up the sync engine: the engine writes the feed whatever the database does, and the
 * bridge reads it when it can. The feed position it has applied is written in the same transaction as the
 * changes, so a crash, a database restart or a daemon restart loses nothing and applies nothing twice.
 * While the database is down it retries with backoff and says why in {@link #status()}.
 */
public final class CatalogBridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogBridge.class);
  static final int FEED_PAGE = 2000;
  static final int EVENT_PAGE = 5000;
  /** How long the thread waits for a notification before it looks at the feed again. */
  static final int POLL_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 30_000;
  /** pg_advisory_xact_lock key while attaching triggers: "chorus" and a 2 (the migrations' is a 1). */
  static final long TRIGGER_LOCK_KEY = 0x63686f7275730002L;

  private final CatalogConnector connector;
  private final FolderId folder;
  private final FeedReader feed;
  private final LocalFiles local;
  private final SongLinks links;
  private final Clock clock;
  private final PendingPaths pendingPaths;
  private final FeedApplier applier;
  private final Thread thread;
  private volatile boolean closed;
  // What status() reports; written by the bridge's thread only. Lag and pending are read when asked.
  private volatile BridgeStatus.State state = BridgeStatus.State.CONNECTING;
  private volatile String error;
  private volatile long applied;
  private volatile long linkedFiles;
  private volatile Instant lastLink;
  private volatile CompletableFuture<FullLink.Result> linkRequest;
  private volatile long linkProgress;

  public CatalogBridge(CatalogConfig config, FolderId folder, FeedReader feed, LocalFiles local, Clock clock) {
    this(new CatalogConnector(config), config, folder, feed, local, clock);
  }

  CatalogBridge(CatalogConnector connector, CatalogConfig config, FolderId folder, FeedReader feed, LocalFiles local,
      Clock clock) {
    this.connector = connector;
    this.folder = folder;
    this.feed = feed;
    this.local = local;
    this.links = SongLinks.of(config.link());
    this.clock = clock;
    this.pendingPaths = new PendingPaths(folder);
    this.applier = new FeedApplier(folder, local, links);
    this.thread = new Thread(this::run, "chorus-catalog");
    this.thread.setDaemon(true);
  }

  public CatalogBridge start() {
    thread.start();
    return this;
  }

  public BridgeStatus status() {
    long at = applied;
    // The lag is the age of the oldest entry not yet applied, read from the feed now.
    FeedPage head = feed.since(at, 1, folder);
    long lag = head.entries().isEmpty() ? 0 : Math.max(0, clock.millis() - head.entries().get(0).time().toEpochMilli());
    BridgeStatus.State now = state;
    return new BridgeStatus(now, error, connector.target().toString(), at, Math.max(at, head.latest()), lag,
        pendingPaths.size(), linkedFiles, lastLink, now == BridgeStatus.State.LINKING ? linkProgress : 0);
  }

  /** The files to pull first: those the catalog lists and this host lacks. */
  public PullPriority priority() {
    return pendingPaths;
  }

  /**
   * Rebuilds the per-host table from the index (what {@code chorus catalog link} asks for). Completes when
   * done; fails with the reason if the database cannot be used.
   */
  public synchronized CompletableFuture<FullLink.Result> link() {
    CompletableFuture<FullLink.Result> current = linkRequest;
    if (current != null && !current.isDone()) {
      return current;
    }
    CompletableFuture<FullLink.Result> f = new CompletableFuture<>();
    linkRequest = f;
    if (state == BridgeStatus.State.DOWN) {
      f.completeExceptionally(new CatalogUnavailableException(error));
    }
    return f;
  }

  private void run() {
    long backoff = 1000;
    while (!closed) {
      try (Connection c = connector.open()) {
        session(c);
        backoff = 1000;
      } catch (CatalogUnavailableException e) {
        down(e.getMessage());
      } catch (SQLException e) {
        down("catalog " + connector.target() + ": " + CatalogConnector.oneLine(e));
      } catch (IOException | RuntimeException e) {
        down("catalog bridge: " + e);
        log.warn("catalog bridge failed", e);
      }
      if (closed) {
        break;
      }
      CompletableFuture<FullLink.Result> f = linkRequest;
      if (f != null && !f.isDone()) {
        f.completeExceptionally(new CatalogUnavailableException(error));
      }
      sleep(backoff);
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  private void down(String why) {
    if (!why.equals(error)) {
      log.warn("{} (the sync goes on; retrying with backoff)", why);
    }
    error = why;
    state = BridgeStatus.State.DOWN;
  }

  /** One connection's life: prepare, catch up, then follow the feed and the song events until closed or broken. */
  private void session(Connection c) throws SQLException, IOException {
    List<Integer> migrated = Migrations.migrate(c);
    if (!migrated.isEmpty()) {
      log.info("catalog schema chorus migrated to version {}", Migrations.latest());
    }
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + TRIGGER_LOCK_KEY + ")"); // triggers: one daemon at a time
    }
    links.prepare(c);
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN chorus_songs");
    }
    c.commit();
    long position = readPosition(c);
    boolean neverLinked = neverLinked(c);
    pendingPaths.replaceAll(FileStates.pendingPaths(c, folder.toString()));
    c.commit();
    setConnected(position);
    log.info("catalog bridge connected to {} (feed applied to {})", connector.target(), position);
    if (neverLinked || feed.since(position, 1, folder).missed()) {
      fullLink(c);
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    while (!closed) {
      CompletableFuture<FullLink.Result> request = linkRequest;
      if (request != null && !request.isDone()) {
        request.complete(fullLink(c));
        continue;
      }
      boolean busy = applyFeed(c);
      busy |= applySongEvents(c);
      if (!busy) {
        PGNotification[] n = pg.getNotifications(POLL_MILLIS); // also notices a broken connection
        if (n == null || n.length == 0) {
          c.commit(); // a transaction left open would pin old rows
        }
      }
    }
  }

  private FullLink.Result fullLink(Connection c) throws SQLException, IOException {
    state = BridgeStatus.State.LINKING;
    error = null;
    long started = System.nanoTime();
    long latest = feed.since(0, 1, null).latest(); // read before the index: later changes follow from the feed
    long maxEvent;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM chorus.song_events")) {
      rs.next();
      maxEvent = rs.getLong(1);
    }
    linkProgress = 0;
    FullLink.Result r = FullLink.run(c, local, folder, links, n -> linkProgress = n);
    dropEvents(c, maxEvent); // the link read every song as it is now
    writePosition(c, latest, true);
    c.commit();
    pendingPaths.replaceAll(FileStates.pendingPaths(c, folder.toString()));
    c.commit();
    log.info("catalog link of {}: {} files, {} linked to songs, {} pending, {} missing, in {} ms", folder,
        r.files(), r.linked(), r.pending(), r.missing(), (System.nanoTime() - started) / 1_000_000);
    applied = latest;
    linkedFiles = r.linked();
    lastLink = clock.instant();
    state = BridgeStatus.State.CONNECTED;
    return r;
  }

  /** Applies the next page of the feed; false when it was caught up. */
  private boolean applyFeed(Connection c) throws SQLException, IOException {
    long position = applied;
    FeedPage page = feed.since(position, FEED_PAGE, folder);
    if (page.missed()) {
      log.warn("change feed entries after {} are gone (trimmed, or the index was rebuilt): linking from the index", position);
      fullLink(c);
      return true;
    }
    if (page.next() <= position) {
      return false;
    }
    FeedApplier.Applied a = applier.apply(c, page.entries());
    writePosition(c, page.next(), false);
    c.commit();
    pendingPaths.removeAll(a.present());
    if (a.songRowsRenamed() > 0) {
      log.info("{} song row(s) now name the files renamed here", a.songRowsRenamed());
    }
    setConnected(page.next());
    return true;
  }

  /**
   * Applies the song rows changed since last time. Bucardo applies an UPDATE as DELETE + INSERT: the
   * events of a page are collapsed by song and each song is read as it is now, so the pair is one change.
   */
  private boolean applySongEvents(Connection c) throws SQLException {
    Set<Long> ids = new HashSet<>();
    long maxId = 0;
    try (PreparedStatement p = c.prepareStatement("SELECT id, song_id FROM chorus.song_events ORDER BY id LIMIT ?")) {
      p.setInt(1, EVENT_PAGE);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          maxId = rs.getLong(1);
          ids.add(rs.getLong(2));
        }
      }
    }
    if (ids.isEmpty()) {
      return false;
    }
    Map<Long, Expected> existing = links.byIds(c, ids);
    Set<Long> deleted = new HashSet<>(ids);
    deleted.removeAll(existing.keySet());
    Set<String> pending = FileStates.songsChanged(c, folder.toString(), existing, deleted);
    dropEvents(c, maxId);
    c.commit();
    pendingPaths.addAll(pending);
    if (!pending.isEmpty()) {
      log.info("{} song row(s) arrived before their files: pulling them first", pending.size());
    }
    setConnected(applied);
    return true;
  }

  private void setConnected(long position) {
    applied = position;
    error = null;
    state = BridgeStatus.State.CONNECTED;
  }


  /** The song events up to {@code maxId} are applied: they go (in the caller's transaction). */
  private static void dropEvents(Connection c, long maxId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM chorus.song_events WHERE id <= ?")) {
      p.setLong(1, maxId);
      p.executeUpdate();
    }
  }

  private static long readPosition(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT feed_seq FROM chorus.bridge_position")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static boolean neverLinked(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT linked_at IS NULL FROM chorus.bridge_position")) {
      return !rs.next() || rs.getBoolean(1);
    }
  }

  private static void writePosition(Connection c, long seq, boolean linked) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE chorus.bridge_position SET feed_seq = ?"
        + (linked ? ", linked_at = now()" : ""))) {
      p.setLong(1, seq);
      p.executeUpdate();
    }
  }

  private void sleep(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!closed && System.nanoTime() < until) {
      CompletableFuture<FullLink.Result> f = linkRequest;
      if (f != null && !f.isDone() && state != BridgeStatus.State.DOWN) {
        return;
      }
      try {
        Thread.sleep(Math.min(100, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
