package chorus.core.sync;

import chorus.core.config.ChorusConfig;
import chorus.core.config.FolderConfig;
import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.model.ChunkRef;
import chorus.core.model.FileRecord;
import chorus.core.model.RelativePath;
import chorus.core.protocol.ClusterConfig;
import chorus.core.protocol.IndexUpdate;
import chorus.core.protocol.ReferencedRecord;
import chorus.core.protocol.RefusedRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The index exchange: every node learns and keeps what each connected peer announces, and announces its
 * own changes, resumably.
 *
 * <ul>
 *   <li>On a peer's ClusterConfig, for each folder shared both ways: forget what we held of the peer if
 *       its index ID changed; send our records after its {@code peerMaxSequence} if its
 *       {@code peerIndexId} is our index ID, else our whole index starting with a {@code full} batch.
 *   <li>On an IndexUpdate: check it (folder shared with the peer and in its ClusterConfig, the index ID
 *       it announced, sequences beyond what we hold, no local-only facts) and store the records with the
 *       new mark in one write; a violation closes the connection and stores nothing. A record that fails
 *       {@link PeerRecordCheck} (or that the decoder refused) is only set aside and reported: the others
 *       are stored and the mark moves past it.
 *   <li>After a scan made changes durable ({@link #localSynced}), send them to every connected peer.
 * </ul>
 *
 * Every event is queued per peer and runs in order on the executor, never on the caller's thread
 * unless the executor runs tasks inline (tests).
 */
public final class IndexExchange {
  private final Supplier<ChorusConfig> config;
  private final FolderStores stores;
  private final IndexSender sender;
  private final ExchangeEvents events;
  private final SerialQueues<DeviceId> queues;
  private final Map<FolderId, Long> durable = new ConcurrentHashMap<>();
  private final Map<DeviceId, PeerSession> sessions = new ConcurrentHashMap<>();
  /**
   * Per peer and folder, the highest sequence we sent by reference. If a new connection's ClusterConfig
   * says the peer holds less than that, the reference may have been what it could not resolve (it closes
   * the connection then): that connection sends the folder's records in full.
   */
  private final Map<DeviceId, Map<FolderId, Long>> referencedUpTo = new ConcurrentHashMap<>();

  public IndexExchange(Supplier<ChorusConfig> config, FolderStores stores, BatchLimits limits, Executor executor,
      ExchangeEvents events, Consumer<RuntimeException> failures) {
    this.config = config;
    this.stores = stores;
    this.sender = new IndexSender(limits);
    this.events = events;
    this.queues = new SerialQueues<>(executor, failures);
  }

  /** The highest sequence of our index of {@code folder} known durable (announced in ClusterConfigs). */
  public long localMark(FolderId folder) {
    return durable.getOrDefault(folder, 0L);
  }

  /**
   * Our changes of {@code folder} up to {@code sequence} are durable: remember the mark and send what is
   * new to every connected peer that shares the folder. Marks only move forward.
   */
  public void localSynced(FolderId folder, long sequence) {
    durable.merge(folder, sequence, Math::max);
    for (PeerSession s : sessions.values()) {
      queues.submit(s.link().device(), guarded(s.link(), () -> sendDelta(s, folder)));
    }
  }

  /** A connection finished its handshake; {@code theirs} is the peer's first ClusterConfig. */
  public void connected(PeerLink link, ClusterConfig theirs) {
    queues.submit(link.device(), guarded(link, () -> {
      PeerSession s = new PeerSession(link);
      sessions.put(link.device(), s);
      onClusterConfig(s, theirs);
    }));
  }

  /** A later ClusterConfig on the same connection (the peer's sharing changed). */
  public void clusterConfig(PeerLink link, ClusterConfig theirs) {
    queues.submit(link.device(), guarded(link, () -> current(link).ifPresent(s -> onClusterConfig(s, theirs))));
  }

  /** An IndexUpdate from the peer. */
  public void indexUpdate(PeerLink link, IndexUpdate update) {
    indexUpdate(link, update, () -> { });
  }

  /**
   * An IndexUpdate from the peer; {@code done} runs once it has been dealt with (stored, refused, dropped
   * or failed), on the exchange's thread. The transport counts updates not yet done to stop reading from a
   * peer that sends faster than we store.
   */
  public void indexUpdate(PeerLink link, IndexUpdate update, Runnable done) {
    Runnable work = guarded(link, () -> current(link).ifPresent(s -> {
      try {
        onIndexUpdate(s, update);
      } catch (IndexViolation v) {
        sessions.remove(link.device(), s);
        events.violation(link.device(), v.getMessage());
        link.close("index exchange: " + v.getMessage());
      }
    }));
    queues.submit(link.device(), () -> {
      try {
        work.run();
      } finally {
        done.run();
      }
    });
  }

  /** The connection to {@code device} closed. */
  public void disconnected(DeviceId device) {
    queues.submit(device, () -> {
      PeerSession s = sessions.get(device);
      if (s != null && s.link().isClosed()) {
        sessions.remove(device, s);
      }
    });
  }

  /**
   * A task that, if it fails here (storage, say), closes the peer's connection: half-sent or half-stored
   * work must not go on, and the next connection resumes from the durable marks on both sides.
   */
  private Runnable guarded(PeerLink link, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        sessions.computeIfPresent(link.device(), (d, s) -> s.link().equals(link) ? null : s);
        link.close("index exchange failed on our side: " + e.getMessage());
        throw e;
      }
    };
  }

  private Optional<PeerSession> current(PeerLink link) {
    PeerSession s = sessions.get(link.device());
    return s != null && s.link().equals(link) && !link.isClosed() ? Optional.of(s) : Optional.empty();
  }

  private Optional<FolderConfig> sharedWith(FolderId folder, DeviceId peer) {
    for (FolderConfig f : config.get().folders()) {
      if (f.id().equals(folder) && f.sharedWith().contains(peer)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private void onClusterConfig(PeerSession s, ClusterConfig theirs) {
    DeviceId peer = s.link().device();
    s.keepOnly(theirs.folders().stream().map(ClusterConfig.SharedFolder::folder).toList());
    for (ClusterConfig.SharedFolder sf : theirs.folders()) {
      Optional<FolderStore> store = sharedWith(sf.folder(), peer).flatMap(f -> stores.find(sf.folder()));
      if (store.isEmpty()) {
        continue; // they share a folder we do not share with them: nothing to exchange
      }
      FolderStore st = store.get();
      s.announce(sf.folder(), sf.indexId());
      Optional<IndexMark> held = st.held(peer);
      if (held.isPresent() && held.get().indexId() != sf.indexId()) {
        st.clearPeer(peer);
        events.cleared(peer, sf.folder(), "its index ID changed");
      }
      if (!s.isSending(sf.folder())) {
        long upTo = localMark(sf.folder());
        boolean resume = sf.peerIndexId() == st.indexId() && sf.peerMaxSequence() <= upTo;
        long after = resume ? sf.peerMaxSequence() : 0;
        if (referencedUpTo.getOrDefault(peer, Map.of()).getOrDefault(sf.folder(), 0L) > after) {
          s.sendInFull(sf.folder());
        }
        sender.send(sf.folder(), st, after, upTo, !resume, byReference(s, sf.folder(), st), u -> send(s, u));
        s.sentUpTo(sf.folder(), upTo);
      }
    }
  }

  private void sendDelta(PeerSession s, FolderId folder) {
    if (s.link().isClosed() || !s.isSending(folder)) {
      return;
    }
    Optional<FolderStore> store = sharedWith(folder, s.link().device()).flatMap(f -> stores.find(folder));
    long upTo = localMark(folder);
    long after = s.sentUpTo(folder);
    if (store.isEmpty() || upTo <= after) {
      return;
    }
    sender.send(folder, store.get(), after, upTo, false, byReference(s, folder, store.get()), u -> send(s, u));
    s.sentUpTo(folder, upTo);
  }

  /**
   * Which of our records go to the peer without their chunk lists: large files whose content the peer
   * announced itself (a rename or move of ours, or a file it pulled from us). Learned from what we hold
   * of the peer on the first such record of a connection, then kept up as it announces more.
   */
  private Predicate<FileRecord> byReference(PeerSession s, FolderId folder, FolderStore store) {
    if (s.sendsInFull(folder)) {
      return r -> false;
    }
    DeviceId peer = s.link().device();
    return r -> {
      if (!HeldContents.eligible(r)) {
        return false;
      }
      HeldContents held = s.held(folder);
      if (held == null) {
        HeldContents learned = new HeldContents();
        store.forEachHeld(peer, rec -> {
          learned.add(rec);
          return true;
        });
        s.held(folder, learned);
        held = learned;
      }
      if (!held.contains(r.contentHash())) {
        return false;
      }
      referencedUpTo.computeIfAbsent(peer, k -> new ConcurrentHashMap<>()).merge(folder, r.sequence(), Math::max);
      return true;
    };
  }

  /**
   * The update's records with its references resolved from our own index, in sequence order.
   *
   * @throws IndexViolation if a reference names content we do not hold: nothing is stored, and the
   *     connection closes so that the peer's next one sends in full
   */
  private static List<FileRecord> resolved(IndexUpdate update, FolderStore store) throws IndexViolation {
    if (update.references().isEmpty()) {
      return update.files();
    }
    List<FileRecord> out = new ArrayList<>(update.files().size() + update.references().size());
    out.addAll(update.files());
    for (ReferencedRecord ref : update.references()) {
      Optional<List<ChunkRef>> chunks = store.ownChunkList(ref.firstChunk(), ref.contentHash(), ref.size());
      if (chunks.isEmpty()) {
        throw new IndexViolation(update.folder() + ": " + RelativePath.printable(ref.path()) + " (sequence "
            + ref.sequence() + ") came by reference to content " + ref.contentHash()
            + ", which this device does not hold (any more); send it in full");
      }
      try {
        out.add(ref.resolve(chunks.get()));
      } catch (IllegalArgumentException e) {
        throw new IndexViolation(update.folder() + ": " + e.getMessage());
      }
    }
    out.sort(Comparator.comparingLong(FileRecord::sequence));
    return out;
  }

  private void send(PeerSession s, IndexUpdate u) {
    s.link().send(u);
    events.sent(s.link().device(), u);
  }

  private void onIndexUpdate(PeerSession s, IndexUpdate update) throws IndexViolation {
    DeviceId peer = s.link().device();
    FolderId folder = update.folder();
    if (sharedWith(folder, peer).isEmpty()) {
      throw new IndexViolation("IndexUpdate for folder " + folder + ", which is not shared with you");
    }
    Long announced = s.announcedIndexId(folder);
    if (announced == null) {
      throw new IndexViolation("IndexUpdate for folder " + folder + ", which your ClusterConfig does not list");
    }
    if (update.indexId() != announced) {
      throw new IndexViolation("IndexUpdate for folder " + folder + " with index ID " + Long.toHexString(update.indexId())
          + ", but your ClusterConfig announced " + Long.toHexString(announced));
    }
    FolderStore store = stores.find(folder)
        .orElseThrow(() -> new IndexViolation("IndexUpdate for folder " + folder + ", which has no index here"));
    long held = 0;
    if (!update.full()) {
      Optional<IndexMark> mark = store.held(peer);
      held = mark.filter(m -> m.indexId() == update.indexId()).map(IndexMark::sequence).orElse(0L);
    }
    List<FileRecord> files = resolved(update, store);
    RecordRules.check(update, files, held);
    List<FileRecord> accepted = new ArrayList<>(files.size());
    List<RefusedRecord> refused = new ArrayList<>(update.refused());
    for (FileRecord r : files) {
      String problem = PeerRecordCheck.problem(r);
      if (problem == null) {
        accepted.add(r);
      } else {
        refused.add(new RefusedRecord(RelativePath.printable(r.path()), r.sequence(), problem, null));
      }
    }
    // The mark moves past refused records too: otherwise the peer would resend them on every connection
    // and nothing after them would ever be stored.
    IndexMark next = new IndexMark(update.indexId(), Math.max(held, update.lastSequence()));
    try {
      store.storePeer(peer, accepted, next, update.full());
    } catch (IllegalArgumentException e) {
      throw new IndexViolation("IndexUpdate for folder " + folder + " refused: " + e.getMessage());
    }
    if (update.full()) {
      events.cleared(peer, folder, "a full index began");
      s.held(folder, null); // what it held of an older index is void; learned again when needed
    }
    HeldContents contents = s.held(folder);
    if (contents != null) {
      accepted.forEach(contents::add);
    }
    refused.sort(Comparator.comparingLong(RefusedRecord::sequence));
    for (RefusedRecord r : refused) {
      events.refused(peer, folder, r.path(), r.reason());
    }
    events.stored(peer, folder, accepted.size(), next);
  }
}
