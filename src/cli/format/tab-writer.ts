// Emulation of Go's text/tabwriter (left-aligned, no flags) as Podman configures it for
// table output: tabwriter.NewWriter(w, 12, 2, 2, ' ', 0) — minwidth 12, padding 2, spaces.
// A cell is text terminated by a tab; the last cell of a line is never padded. Columns are
// aligned per "column block": consecutive lines that all have a terminated cell at that index.

export interface TabWriterOptions {
  minWidth?: number;
  padding?: number;
  padChar?: string;
}

/** Aligns tab-separated cells of `text` into columns, as Go's tabwriter would on Flush. */
export function tabAlign(text: string, options: TabWriterOptions = {}): string {
  const minWidth = options.minWidth ?? 12;
  const padding = options.padding ?? 2;
  const padChar = options.padChar ?? " ";
  const lines = text.split("\n").map((l) => l.split("\t"));
  const widths: number[][] = lines.map(() => []); // widths[line][column] for terminated cells

  const format = (line0: number, line1: number, column: number): void => {
    for (let row = line0; row < line1; row++) {
      if (column >= (lines[row] as string[]).length - 1) continue;
      // A block of consecutive lines having a terminated cell in this column.
      let end = row;
      let width = minWidth;
      for (; end < line1; end++) {
        const cells = lines[end] as string[];
        if (column >= cells.length - 1) break;
        const w = runeCount(cells[column] as string) + padding;
        if (w > width) width = w;
      }
      for (let r = row; r < end; r++) (widths[r] as number[])[column] = width;
      format(row, end, column + 1);
      row = end - 1;
    }
  };
  format(0, lines.length, 0);

  return lines
    .map((cells, r) =>
      cells
        .map((cell, c) => {
          const w = (widths[r] as number[])[c];
          if (c === cells.length - 1 || w === undefined) return cell;
          return cell + padChar.repeat(Math.max(w - runeCount(cell), 0));
        })
        .join(""),
    )
    .join("\n");
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
