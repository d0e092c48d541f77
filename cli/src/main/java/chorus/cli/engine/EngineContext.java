package chorus.cli.engine;

import chorus.core.id.DeviceId;
import chorus.core.id.FolderId;
import chorus.core.port.ChunkFetch;
import chorus.core.port.PullPriority;
import chorus.fsindex.store.RocksIndex;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;

/**
 * What every folder's engine shares: the index, this device, the clock, where each folder lives (for
 * local chunk copies across folders), the peers' chunks, and the daemon's callbacks.
 *
 * @param synced told a folder's highest sequence once the engine's changes are durable (announce them)
 * @param rescan asked to rescan a path the engine found changed on disk
 * @param stateDir where folder guards remember written markers
 * @param priority which needed paths to pull before the others (the catalog bridge's pending files)
 * @param released told when the engine let go of much memory at once (a pull's own-write entries, a minute
 *     on): the heap is worth trimming at the next quiet moment, though no collection marked a burst
 * @param scanned whether a folder's first full scan since the start has completed: until then the engine
 *     pulls nothing (see {@link FolderSync})
 * @param ignores a folder's ignore patterns in force: a path they exclude is neither pulled nor deleted
 *     here, whatever a peer announces for it
 */
public record EngineContext(RocksIndex index, DeviceId self, Clock clock, Function<FolderId, Path> roots,
    ChunkFetch fetch, ObjLongConsumer<FolderId> synced, BiConsumer<FolderId, String> rescan, Path stateDir,
    PullPriority priority, Runnable released, java.util.function.Predicate<FolderId> scanned,
    Function<FolderId, chorus.fsindex.ignore.IgnoreMatcher> ignores) {}
