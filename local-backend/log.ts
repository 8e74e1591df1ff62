export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(
  level: LogLevel,
  sink: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const at = (l: LogLevel) => (message: string) => {
    if (rank[l] >= rank[level]) sink(`${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${message}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
