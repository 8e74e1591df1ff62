/**
 * One CSV document (RFC 4180: comma-separated, CRLF, quotes doubled). A cell that a spreadsheet
 * would run as a formula (starting with = + - @ or a tab) gets a leading apostrophe, so an
 * exported file name can never execute in Excel or Sheets.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Offers a CSV document as a download in the browser. */
export function downloadCsv(doc: Document, fileName: string, csv: string): void {
  downloadBlob(doc, fileName, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
}

/** Offers a built file as a download in the browser. */
export function downloadBlob(doc: Document, fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
