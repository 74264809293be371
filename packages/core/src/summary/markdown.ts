/**
 * Markdown building blocks for step summaries and PR comments: pure functions from plain data to
 * GitHub-flavoured Markdown text, shared by every action that reports a table.
 */

export type Alignment = 'left' | 'center' | 'right';

export interface TableColumn {
  header: string;
  align?: Alignment;
}

const ALIGN_RULE: Record<Alignment, string> = { left: ':--', center: ':-:', right: '--:' };

/**
 * A GitHub-flavoured Markdown table. Cells are escaped (see escapeCell), so callers pass plain
 * text; a row shorter than the header is padded with empty cells, a longer one is refused.
 */
export function markdownTable(
  columns: readonly (string | TableColumn)[],
  rows: readonly (readonly string[])[],
): string {
  const specs = columns.map((column) => (typeof column === 'string' ? { header: column } : column));
  if (specs.length === 0) throw new RangeError('a table needs at least one column');
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const body = rows.map((row, index) => {
    if (row.length > specs.length) {
      throw new RangeError(`row ${index + 1} has ${row.length} cells for ${specs.length} columns`);
    }
    return line(specs.map((_, column) => escapeCell(row[column] ?? '')));
  });
  return [
    line(specs.map((spec) => escapeCell(spec.header))),
    line(specs.map((spec) => ALIGN_RULE[spec.align ?? 'left'])),
    ...body,
  ].join('\n');
}

/**
 * Text that stays inside one table cell: a `|` would end the cell and a line break the row, and
 * `<`/`>` would let an HTML comment or tag from a value change the page around it.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, '<br>');
}

/** An inline code span that survives backticks in the text (CommonMark: a longer fence). */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A number as a person reads it in a report: up to `digits` significant digits, no exponent for ordinary sizes. */
export function formatNumber(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e15) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

/** A signed difference: `+0.012`, `-3`, `0`. */
export function formatSigned(value: number, digits = 6): string {
  const text = formatNumber(value, digits);
  return value > 0 ? `+${text}` : text;
}
