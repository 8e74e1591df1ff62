/** How long ago, coarsely: "just now", "5 min", "3 h", "12 d". */
export function formatAge(date: Date | undefined, now: Date): string {
  if (!date) return 'unknown';
  const s = Math.max(0, (now.getTime() - date.getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}
