import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from './log.ts';
import type { BackendOptions } from './options.ts';

/** What every service of the local backend gets from the process. */
export interface ServiceContext {
  options: BackendOptions;
  log: Logger;
  /** Base URL of the process as clients reach it, e.g. http://localhost:20005 (no trailing slash). */
  baseUrl: string;
}

/**
 * One AWS-compatible protocol served by the process (Cognito, AppSync, S3). The server asks each
 * service in turn whether a request is its own; the first that says yes answers it.
 */
export interface LocalService {
  readonly name: string;
  /** True when this request belongs to the service (by path, header or method). */
  claims(req: IncomingMessage, url: URL): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  /** WebSocket upgrades (AppSync realtime); return false when the upgrade is not this service's. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean;
  /**
   * Answers a request failed on purpose (--fail-rate) with a 503 in the service's own dialect, so a
   * client's retry logic sees what the real service would send. JSON with x-amzn-errortype when absent.
   */
  failOnPurpose?(res: ServerResponse, message: string): void;
  /** The service's part of amplify_outputs.json (merged at top level). */
  outputs?(): Record<string, unknown>;
  close?(): Promise<void>;
}
