import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** Gen 2 gives a function the data API's endpoint when the schema grants it (allow.resource). */
const ENDPOINT_VARIABLE = 'AMPLIFY_DATA_GRAPHQL_ENDPOINT';
/** Progress is written at most this often: a run of a million objects makes about a hundred updates, not a million. */
const PROGRESS_EVERY_MS = 1_000;

export interface RunProgress {
  recordsRead: number;
  objectsListed: number;
}

export interface RunOutcome {
  orphans: number;
  dangling: number;
  shared: number;
  report: { prefix: string; summaryKey: string };
  totals: unknown;
}

type Send = (query: string, variables: Record<string, unknown>) => Promise<void>;

/**
 * The run's ScanRun record (amplify/data/resource.ts), written through the data API with the
 * function's own role, signed with SigV4 as AppSync's AWS_IAM mode expects: created when the run
 * starts, its counts updated while it runs (throttled), then `done` with the report's totals, or
 * `failed` with the reason. Every write goes through GraphQL, so the console's subscription sees
 * each one.
 */
export class RunRecord {
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly send: Send,
  ) {}

  /** A record for this run, or none when the function was not granted the data API (a report is still written). */
  static forEnvironment(id: string, log: (message: string) => void = console.warn): RunRecord | undefined {
    const endpoint = process.env[ENDPOINT_VARIABLE];
    if (!endpoint) {
      log(`${ENDPOINT_VARIABLE} is not set: the run is not recorded (grant the function the data API)`);
      return undefined;
    }
    return new RunRecord(id, signedGraphql(endpoint));
  }

  start(startedBy: string, startedAt: Date): Promise<void> {
    const input = { id: this.id, feed: 'all', startedBy, startedAt: startedAt.toISOString(), status: 'running' };
    this.lastWrite = Date.now();
    return this.send(CREATE, { input });
  }

  /** Writes the counts unless the last write was under PROGRESS_EVERY_MS ago; never two at once. */
  progress(counts: RunProgress): void {
    const now = Date.now();
    if (now - this.lastWrite < PROGRESS_EVERY_MS) return;
    this.lastWrite = now;
    this.writing = this.writing.then(() =>
      this.send(UPDATE, { input: { id: this.id, ...counts } }).catch((err: Error) => {
        console.warn(`progress of run ${this.id} not recorded: ${err.message}`);
      }),
    );
  }

  async finish(counts: RunProgress, outcome: RunOutcome): Promise<void> {
    await this.writing;
    const input = {
      id: this.id,
      status: 'done',
      finishedAt: new Date().toISOString(),
      ...counts,
      orphans: outcome.orphans,
      dangling: outcome.dangling,
      shared: outcome.shared,
      report: JSON.stringify(outcome.report),
      totals: JSON.stringify(outcome.totals),
    };
    await this.send(UPDATE, { input });
  }

  async fail(counts: RunProgress, error: string): Promise<void> {
    await this.writing;
    const input = { id: this.id, status: 'failed', finishedAt: new Date().toISOString(), ...counts, error };
    await this.send(UPDATE, { input });
  }
}

const CREATE = `mutation CreateScanRun($input: CreateScanRunInput!) { createScanRun(input: $input) { id } }`;
const UPDATE = `mutation UpdateScanRun($input: UpdateScanRunInput!) { updateScanRun(input: $input) { id } }`;

/** A GraphQL call signed with the function's credentials (its execution role's, from Lambda's environment). */
function signedGraphql(endpoint: string): Send {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: 'appsync',
    region: process.env['AWS_REGION'] ?? 'us-east-1',
    sha256: Sha256,
    credentials: async () => ({
      accessKeyId: process.env['AWS_ACCESS_KEY_ID'] ?? '',
      secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY'] ?? '',
      sessionToken: process.env['AWS_SESSION_TOKEN'],
    }),
  });
  return async (query, variables) => {
    const body = JSON.stringify({ query, variables });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    });
    // fetch sets Host itself, to the very value signed.
    const { host: _host, ...headers } = signed.headers;
    const response = await fetch(url, { method: 'POST', headers, body });
    const answer = (await response.json().catch(() => ({}))) as { errors?: { message: string }[] };
    if (!response.ok || answer.errors?.length) {
      const why = answer.errors?.map((e) => e.message).join('; ') || `HTTP ${response.status}`;
      throw new Error(`the data API refused the run record: ${why}`);
    }
  };
}
