/**
 * The sync engine's index exchange: what each peer announces is learned and kept, resumably, and this
 * device's changes are announced to every connected peer. Plain Java over small ports
 * ({@link chorus.core.sync.FolderStore}, {@link chorus.core.sync.PeerLink},
 * {@link chorus.core.sync.BatchLimits}), so the logic is tested with fakes.
 */
package chorus.core.sync;
