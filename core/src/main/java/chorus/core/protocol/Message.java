package chorus.core.protocol;

/**
 * Every message two chorus nodes exchange after TLS. Immutable records; only the transport's codec knows
 * their bytes. The order on a connection is: Hello both ways, then ClusterConfig both ways, then any of
 * IndexUpdate, ChunkRequest, ChunkResponse, Ping, and finally Close.
 */
public sealed interface Message
    permits Hello, ClusterConfig, IndexUpdate, ChunkRequest, ChunkResponse, Ping, Close {}
