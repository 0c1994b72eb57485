/**
 * RFC 4180 cells that are also safe to open in a spreadsheet: text starting with = + - @ or a
 * tab / carriage return would run as a formula (CSV injection), so it gets a leading apostrophe;
 * cells with commas, quotes or line breaks are quoted with inner quotes doubled.
 */
export function csvCell(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Array<string | number | Date | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
