// Human output by default, one JSON document with --json; diagnostics always on stderr.
export interface Output {
  json: boolean;
  /** The command's result: JSON document or human lines. */
  result(data: unknown, human: () => string): void;
  /** Progress and warnings, never part of the result. */
  info(line: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(data, human) {
      process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    info(line) {
      process.stderr.write(`${line}\n`);
    },
  };
}

/** A plain text table: columns sized to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
