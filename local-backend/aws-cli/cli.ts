import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * AWS CLI v2 (the binary scripts/find-aws-cli.mjs found, passed as AWS_CLI) run against a local
 * backend: `--endpoint-url` set, a fresh config and credentials file in a temp dir (nothing of the
 * machine's own AWS set-up is read), one region, no pager, one attempt per call.
 */
export const AWS_CLI = process.env['AWS_CLI'] ?? '/usr/bin/aws';

export interface CliCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface CliResult {
  code: number;
  stdout: Buffer;
  stderr: string;
  /** stdout parsed as JSON (`--output json`); throws with stderr when the call failed. */
  json<T = Record<string, unknown>>(): T;
}

export interface Cli {
  /** Runs `aws <args>` with `--endpoint-url` (and `input` on stdin). */
  run(args: string[], opts?: { input?: Buffer | string; endpoint?: string }): Promise<CliResult>;
  /** The same CLI signing with other credentials (a second profile file of its own). */
  as(creds: CliCredentials): Cli;
  /** Removes the temp dir. */
  dispose(): void;
}

export function awsCli(endpoint: string, creds: CliCredentials, region = 'us-east-1'): Cli {
  const dir = mkdtempSync(join(tmpdir(), 'aws-cli-'));
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  writeFileSync(
    config,
    [
      '[default]',
      `region = ${region}`,
      'output = json',
      'cli_pager =',
      'retry_mode = standard',
      'max_attempts = 1',
      's3 =',
      '  addressing_style = path',
      '',
    ].join('\n'),
  );
  writeFileSync(
    credentials,
    [
      '[default]',
      `aws_access_key_id = ${creds.accessKeyId}`,
      `aws_secret_access_key = ${creds.secretAccessKey}`,
      ...(creds.sessionToken ? [`aws_session_token = ${creds.sessionToken}`] : []),
      '',
    ].join('\n'),
  );
  // Nothing of the caller's AWS environment (profiles, keys, endpoints) reaches the CLI.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const env = {
    ...base,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const others: Cli[] = [];
  return {
    run: (args, opts = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(AWS_CLI, [...args, '--endpoint-url', opts.endpoint ?? endpoint], {
          env,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (c: Buffer) => out.push(c));
        child.stderr.on('data', (c: Buffer) => err.push(c));
        child.on('error', reject);
        child.on('close', (code) => {
          const stdout = Buffer.concat(out);
          const stderr = Buffer.concat(err).toString('utf8');
          resolve({
            code: code ?? 1,
            stdout,
            stderr,
            json<T>() {
              if (code !== 0) throw new Error(`aws ${args.join(' ')} exited ${code}: ${stderr}`);
              return JSON.parse(stdout.toString('utf8')) as T;
            },
          });
        });
        child.stdin.end(opts.input);
      }),
    as(other) {
      const cli = awsCli(endpoint, other, region);
      others.push(cli);
      return cli;
    },
    dispose() {
      for (const o of others) o.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
