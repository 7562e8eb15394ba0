export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Numbers read best aligned right. */
  align?: 'left' | 'right';
}

/** A plain-text table: header, rule, one line per row, columns padded to their widest cell. */
export function renderTable<Row>(columns: Array<Column<Row>>, rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) =>
        columns[i]!.align === 'right' ? value.padStart(widths[i]!) : value.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.header)),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map(line),
  ].join('\n');
}
