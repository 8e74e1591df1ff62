/**
 * The local backend sends no mail: it writes confirmation and reset codes to its log. Finds the
 * newest one for an email among captured log lines, waiting a little for it to be written.
 */
export async function loggedCode(
  lines: readonly string[],
  kind: 'Confirmation' | 'Password reset',
  email: string,
  timeoutMs = 5000,
): Promise<string> {
  const pattern = new RegExp(`${kind} code for ${email.replace(/[.+]/g, '\\$&')}: (\\d{6})`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = lines
      .map((line) => pattern.exec(line))
      .filter(Boolean)
      .at(-1);
    if (match) return match[1]!;
    if (Date.now() > deadline) throw new Error(`No ${kind} code for ${email} in the log`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
