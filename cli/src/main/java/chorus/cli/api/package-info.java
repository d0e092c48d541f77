/**
 * The CLI's side of the local API and pairing: a small HTTP client for the running daemon, and the
 * config port of the pairing code implemented over the config store.
 */
package chorus.cli.api;
