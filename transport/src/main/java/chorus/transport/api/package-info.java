/**
 * The local control API: HTTP/JSON on a loopback address, every request authenticated by the API key;
 * the CLI's only way into a running node. The node's behaviour comes in through {@link
 * chorus.transport.api.NodeControl}, so the server is tested with a fake.
 */
package chorus.transport.api;
