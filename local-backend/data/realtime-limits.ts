/** What one realtime connection may ask of the process; AppSync's published values where it has them. */

/** AppSync's realtime message size quota (240 KB); a larger frame closes the socket with 1009. */
export const MAX_MESSAGE_BYTES = 240 * 1024;

/** AppSync's "subscriptions per connection" quota. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

/**
 * AppSync publishes no value: aws-amplify sends connection_init as soon as the socket opens, so a
 * socket silent for this long is not a client; it is closed rather than kept forever.
 */
export const CONNECTION_INIT_TIMEOUT_MS = 10_000;

/** What AppSync's connection_ack says: the client reconnects when no `ka` came for this long. */
export const CONNECTION_TIMEOUT_MS = 300_000;

/** AppSync sends `ka` about once a minute (aws-amplify warns after 65 s without one). */
export const KEEP_ALIVE_MS = 60_000;

/**
 * Bytes queued for a client that does not read: past this the connection is dropped instead of
 * the process buffering without end. Above the largest burst one write can send one connection
 * (100 subscriptions × 240 KB = 24 MB), so only a client that falls behind across writes is dropped.
 */
export const MAX_BACKLOG_BYTES = 32 * 1024 * 1024;
